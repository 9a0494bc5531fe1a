package index

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"time"
)

// The writer lock keeps a second writer out for as long as a writer has
// the index open, across all its transactions, while letting readers in
// between transactions. bbolt's own lock (flock on the file, exclusive for
// a read-write open, shared for a read-only one) cannot do both: a writer
// holding it exclusively for a whole `index add` would keep every `check`
// out. So a writer opens the bbolt file only for each transaction and
// holds a second, separate lock for its whole life: on Linux an
// open-file-description lock (fcntl F_OFD_SETLK) on the index file itself,
// which does not interact with flock (see lock_linux.go, which also lets
// waiting readers in between a writer's batches); elsewhere a flock on
// PATH.lock.

// lockPoll is how often a waiting writer retries the lock.
const lockPoll = 25 * time.Millisecond

// openForWriting opens (or, with create, creates) the index file and takes
// the writer lock on it, waiting up to timeout (forever when 0). It reports
// whether it created the file.
func openForWriting(path string, create bool, timeout time.Duration) (lock *os.File, created bool, err error) {
	f, err := os.OpenFile(path, os.O_RDWR, 0)
	if errors.Is(err, fs.ErrNotExist) && create {
		f, err = os.OpenFile(path, os.O_RDWR|os.O_CREATE|os.O_EXCL, 0o644)
		created = err == nil
	}
	if err != nil {
		return nil, false, fmt.Errorf("open index: %w", err)
	}
	start := time.Now()
	for {
		ok, err := tryLock(f, path)
		if err != nil {
			f.Close()
			return nil, false, fmt.Errorf("lock index %s: %w", path, err)
		}
		if ok {
			return f, created, nil
		}
		if timeout > 0 && time.Since(start) >= timeout {
			f.Close()
			return nil, false, &LockedError{Path: path, Writer: true, Waited: timeout.String()}
		}
		time.Sleep(lockPoll)
	}
}

// intentWait bounds how long a writer lets waiting readers go first before
// a transaction: a little more than two of bbolt's 50 ms lock polls, so
// that every reader waiting when the writer committed gets in, while a
// steady stream of readers delays each batch by no more than this.
const intentWait = 120 * time.Millisecond
