// Command reprint finds wording reused between news articles and says where
// each piece of it came from. See "reprint help" for the commands.
package main

import (
	"context"
	"os"
	"os/signal"
	"syscall"

	"github.com/olekukonko/tablewriter/pkg/twwidth"
)

func main() {
	// tablewriter memoizes display widths in one process-wide LRU behind a
	// mutex. A report's cells are nearly all distinct, so the cache only
	// costs: with it, the cores drawing a large table mostly wait on that
	// lock (PAN's table: 0.98 s with the cache, 0.64 s without, 2 cores).
	twwidth.SetCacheCapacity(0)
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	// The first signal cancels the run, which stops at its next check and
	// leaves no partial output; a second one ends the process at once.
	go func() {
		<-ctx.Done()
		stop()
	}()
	code := run(ctx, os.Args[1:], os.Stdin, os.Stdout, os.Stderr)
	stop()
	os.Exit(code)
}
