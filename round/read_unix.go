//go:build unix

package round

import "syscall"

// openFlags: O_NONBLOCK so that opening a FIFO returns at once (the mode
// check then refuses it); it changes nothing for a regular file.
const openFlags = syscall.O_NONBLOCK
