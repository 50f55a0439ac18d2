//go:build !unix

package round

// openFlags: Windows has no FIFOs in the file system to block on.
const openFlags = 0
