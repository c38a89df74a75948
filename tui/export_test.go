package tui

// FollowLive is followLive, for tests of the model run by teatest.
var FollowLive = followLive
