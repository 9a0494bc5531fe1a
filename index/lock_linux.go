package index

import (
	"errors"
	"os"

	"golang.org/x/sys/unix"
)

// On Linux the locks are open-file-description locks (fcntl F_OFD_SETLK)
// on bytes of the index file itself. They belong to the open file
// description, so bbolt opening and closing its own descriptor of the same
// file does not release them, and they do not interact with bbolt's flock.
//
//   - byte 0, write-locked: the writer lock, held by a writer from OpenBolt
//     to Close;
//   - byte 1, read-locked: a reader's intent, held while it waits for
//     bbolt's shared lock. bbolt polls for its lock every 50 ms, while a
//     writer that has the next batch ready reopens the file at once; a
//     writer therefore waits, between batches, until no reader intends to
//     read (at most intentWait), or readers would starve.
const (
	writerByte = 0
	intentByte = 1
)

func fcntlLock(f *os.File, typ int16, at int64) (bool, error) {
	lk := unix.Flock_t{Type: typ, Whence: 0, Start: at, Len: 1}
	err := unix.FcntlFlock(f.Fd(), unix.F_OFD_SETLK, &lk)
	if errors.Is(err, unix.EAGAIN) || errors.Is(err, unix.EACCES) {
		return false, nil
	}
	return err == nil, err
}

// tryLock takes the writer lock on f without waiting.
func tryLock(f *os.File, _ string) (bool, error) { return fcntlLock(f, unix.F_WRLCK, writerByte) }

func unlock(*os.File) {}

// intend marks that a reader waits to read the index at path, until the
// returned function is called.
func intend(path string) func() {
	f, err := os.Open(path)
	if err != nil {
		return func() {}
	}
	if ok, _ := fcntlLock(f, unix.F_RDLCK, intentByte); !ok {
		f.Close()
		return func() {}
	}
	return func() { f.Close() }
}

// readersWaiting reports whether a reader intends to read the index whose
// writer lock is f.
func readersWaiting(f *os.File) bool {
	lk := unix.Flock_t{Type: unix.F_WRLCK, Whence: 0, Start: intentByte, Len: 1}
	if err := unix.FcntlFlock(f.Fd(), unix.F_OFD_GETLK, &lk); err != nil {
		return false
	}
	return lk.Type != unix.F_UNLCK
}
