package peraddr

import (
	"os"
	"testing"

	"github.com/sshblog/sshblog/internal/heavy"
)

// The heavy suites run alone; this package runs beside the other light ones.
func TestMain(m *testing.M) { os.Exit(heavy.Shared(m)) }
