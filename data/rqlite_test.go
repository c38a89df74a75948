package data

import (
	"context"
	"database/sql"
	"os"
	"path/filepath"
	"testing"

	"github.com/sshblog/sshblog/internal/rqlitetest"
)

// onRqlite is the rqlite node openTestStore opens on, while
// TestStoreOnRqlite runs the store's behaviour tests there.
var onRqlite *rqlitetest.Cluster

// The store's behaviour, as the SQLite tests check it, holds on rqlite too:
// the same tests, each on a fresh database on one real rqlited.
func TestStoreOnRqlite(t *testing.T) {
	onRqlite = rqlitetest.StartCluster(t, 1)
	defer func() { onRqlite = nil }()
	for _, tc := range []struct {
		name string
		test func(*testing.T)
	}{
		{"ThreadOrderRepliesAndPaging", TestThreadOrderRepliesAndPaging},
		{"EditDeleteOnlyOwn", TestEditDeleteOnlyOwn},
		{"NamesAreUniqueIgnoringCase", TestNamesAreUniqueIgnoringCase},
		{"RateLimitSaysHowLongToWait", TestRateLimitSaysHowLongToWait},
		{"EditsAreRateLimited", TestEditsAreRateLimited},
		{"OnlyPublishedPostsTakeComments", TestOnlyPublishedPostsTakeComments},
		{"ModerationAndBans", TestModerationAndBans},
		{"ConcurrentWritersAllSucceed", TestConcurrentWritersAllSucceed},
		{"NewIdentityLimitHoldsUnderConcurrency", TestNewIdentityLimitHoldsUnderConcurrency},
		{"RangeBanStopsCommentsAndEdits", TestRangeBanStopsCommentsAndEdits},
		{"CommentAddressUnknown", TestCommentAddressUnknown},
		{"TheSweepForgetsAddressesWithoutNewComments", TestTheSweepForgetsAddressesWithoutNewComments},
		{"SaveListAndGet", TestSaveListAndGet},
		{"RevisionChangesOnlyWithContent", TestRevisionChangesOnlyWithContent},
		{"SeedIfEmpty", TestSeedIfEmpty},
		{"SyncOfNoPostsUnpublishesAll", TestSyncOfNoPostsUnpublishesAll},
		{"VisitRemembersTheLastOne", TestVisitRemembersTheLastOne},
		{"SearchRanksTitleThenTagThenBody", TestSearchRanksTitleThenTagThenBody},
		{"SearchTermsArePrefixesAndAllMustMatch", TestSearchTermsArePrefixesAndAllMustMatch},
		{"SearchFollowsEdits", TestSearchFollowsEdits},
		{"FirstSeenIsWhenThePostAppeared", TestFirstSeenIsWhenThePostAppeared},
		{"UploadsKeepNameSizeAndTimeAndOneFileAName", TestUploadsKeepNameSizeAndTimeAndOneFileAName},
		{"RetriedSubmissionPostsOnce", TestRetriedSubmissionPostsOnce},
		{"NewerDatabaseIsRefusedUnlessCompatible", TestNewerDatabaseIsRefusedUnlessCompatible},
		{"FeedTellsOtherNodesOfChanges", testFeedTellsOtherNodesOfChanges},
		{"FeedTellsOtherNodesOfRenames", testFeedTellsOtherNodesOfRenames},
		{"AFailedPollTellsNothing", TestAFailedPollTellsNothing},
		{"HexLookingTextStaysText", TestHexLookingTextStaysText},
		{"InstallIDIsTheClusters", testInstallIDIsTheClusters},
		{"LinkMergesWhatAVisitorHad", TestLinkMergesWhatAVisitorHad},
		{"LinkCodesWorkOnceAndExpire", TestLinkCodesWorkOnceAndExpire},
		{"LinkAttemptsAreCappedPerKeyAddressAndOverall", TestLinkAttemptsAreCappedPerKeyAddressAndOverall},
		{"LoginDatesTheKeyHourly", TestLoginDatesTheKeyHourly},
		{"UnlinkAndLinkNotices", TestUnlinkAndLinkNotices},
		{"InboxReadMutesAndFeed", TestInboxReadMutesAndFeed},
		{"PositionsBatchNewerWins", TestPositionsBatchNewerWins},
		{"SettingsAreKeptPerIdentity", TestSettingsAreKeptPerIdentity},
		{"ArriveIsLoginSettingsAndVisit", TestArriveIsLoginSettingsAndVisit},
		{"ArriveIsOneRequest", testArriveIsOneRequest},
		{"ExportThenErase", TestExportThenErase},
		{"ErasedBanStays", TestErasedBanStays},
	} {
		t.Run(tc.name, tc.test)
	}
}

// openRqliteTestStore empties the rqlite node's database and opens the
// store on it, which migrates it afresh.
func openRqliteTestStore(tb testing.TB) *Store {
	tb.Helper()
	cfg := RqliteConfig{Addrs: onRqlite.HTTPAddrs()}
	e, err := newRqliteEngine(cfg)
	if err != nil {
		tb.Fatal(err)
	}
	var resp rqliteResponse
	if err := e.postBinary(context.Background(), "/db/load", emptySQLite(tb), &resp); err != nil || resp.Error != "" {
		tb.Fatalf("empty the rqlite database: %v %s", err, resp.Error)
	}
	s, err := OpenRqlite(context.Background(), cfg)
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() { s.Close() })
	return s
}

// emptySQLite is an SQLite database file with nothing in it.
func emptySQLite(tb testing.TB) []byte {
	tb.Helper()
	path := filepath.Join(tb.TempDir(), "empty.db")
	db, err := sql.Open("sqlite3", path)
	if err != nil {
		tb.Fatal(err)
	}
	defer db.Close()
	if _, err := db.Exec(`CREATE TABLE empty (x); DROP TABLE empty`); err != nil {
		tb.Fatal(err)
	}
	db.Close()
	b, err := os.ReadFile(path)
	if err != nil {
		tb.Fatal(err)
	}
	return b
}
