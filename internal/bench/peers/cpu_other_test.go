//go:build !unix

package peers_test

import "time"

// processCPU returns -1: the system does not tell this process its CPU
// time through the standard library.
func processCPU() time.Duration { return -1 }
