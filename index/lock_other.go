//go:build !linux

package index

import (
	"os"
	"sync"
)

// Off Linux the writer lock is a flock on PATH.lock, held by a second file
// kept open beside the index file.
var sideLocks sync.Map // *os.File of the index → *os.File of PATH.lock

func tryLock(f *os.File, path string) (bool, error) {
	if _, ok := sideLocks.Load(f); ok {
		return true, nil
	}
	side, err := os.OpenFile(path+".lock", os.O_RDWR|os.O_CREATE, 0o644)
	if err != nil {
		return false, err
	}
	ok, err := flockNB(side)
	if !ok || err != nil {
		side.Close()
		return false, err
	}
	sideLocks.Store(f, side)
	return true, nil
}

func unlock(f *os.File) {
	if side, ok := sideLocks.LoadAndDelete(f); ok {
		side.(*os.File).Close()
	}
}

// Off Linux readers do not mark their intent, and a writer does not wait
// for them between batches: a reader may wait for several batches.
func intend(string) func() { return func() {} }

func readersWaiting(*os.File) bool { return false }
