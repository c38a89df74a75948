package data

// writerSynchronous is SQLite's synchronous setting on every connection:
// FULL fsyncs the WAL at each commit, so a comment, edit, rename, moderation
// action or publish is on disk before anyone is told it is done. (NORMAL, in
// WAL mode, survives a killed process but may roll back the last commits on
// a power cut.) Visits and reading positions are batched in Go before they
// reach the store (visitQueue), so FULL costs them one fsync per batch.
//
// It is a variable only so that the benchmark can price FULL against NORMAL
// in one run; nothing else sets it.
var writerSynchronous = "FULL"
