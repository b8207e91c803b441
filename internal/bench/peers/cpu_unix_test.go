//go:build unix

package peers_test

import (
	"syscall"
	"time"
)

// processCPU returns the CPU time, user and system, that this process has
// used.
func processCPU() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return -1
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}
