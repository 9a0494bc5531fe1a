package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"slices"
	"strings"

	"github.com/reprint-tool/reprint/corpus"
)

// Exit statuses, shared by every command.
const (
	exitOK    = 0
	exitReuse = 1 // --fail-on-reuse and reuse across articles was found
	exitUsage = 2 // bad flags, arguments or input
	exitFail  = 3 // anything else: an output that could not be written, an interrupted run
)

const usage = `reprint finds wording reused between news articles and says where it came from.

Usage:
  reprint report [flags] PATH...   find reused wording in a corpus and print a provenance report
  reprint eval pan [flags] CORPUS  score reprint's alignment on a PAN text-alignment corpus
  reprint index add|stats|remove --index PATH ...
                                   keep a persistent index of a corpus
  reprint check --index PATH [flags] INPUT...
                                   check new articles against an index
  reprint help [COMMAND]           show help
  reprint version                  print the version

Run "reprint help report" for the flags of a command.

Exit status: 0 success; 1 reuse across articles found with --fail-on-reuse;
2 usage or input error; 3 any other failure.
`

// version is set at build time with -ldflags "-X main.version=...".
var version = "dev"

// env is what a command may touch of the outside world.
type env struct {
	stdin          io.Reader
	stdout, stderr io.Writer
	stderrTerminal bool // progress bars may be drawn on stderr
}

// command is one subcommand: its flags and help, and the function that runs it.
type command struct {
	name  string
	short string
	run   func(ctx context.Context, e env, args []string) error
}

func commands() []command {
	return []command{
		{name: "report", short: "find reused wording in a corpus", run: runReport},
		{name: "eval", short: "measure alignment on a benchmark corpus", run: runEval},
		{name: "index", short: "keep a persistent index of a corpus", run: runIndex},
		{name: "check", short: "check new articles against an index", run: runCheck},
	}
}

// usageError is a problem with how reprint was called (exit status 2).
type usageError struct{ msg string }

func (u *usageError) Error() string { return u.msg }

func usagef(format string, args ...any) error {
	return &usageError{msg: fmt.Sprintf(format, args...)}
}

// inputError is a problem with the input a command was given (exit status 2).
type inputError struct{ err error }

func (i *inputError) Error() string { return i.err.Error() }
func (i *inputError) Unwrap() error { return i.err }

// reuseFound is returned with --fail-on-reuse (exit status 1).
var errReuseFound = errors.New("reuse across articles found")

// errHelp is returned when help was asked for and printed (exit status 0).
var errHelp = flag.ErrHelp

func run(ctx context.Context, args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	return runIn(ctx, env{stdin: stdin, stdout: stdout, stderr: stderr, stderrTerminal: isTerminal(stderr)}, args)
}

// runIn runs the command in args in the world e and returns its exit status.
func runIn(ctx context.Context, e env, args []string) int {
	stdout, stderr := e.stdout, e.stderr
	if len(args) == 0 {
		fmt.Fprint(stderr, usage)
		return exitUsage
	}
	name, rest := args[0], args[1:]
	switch name {
	case "help", "-h", "-help", "--help":
		if len(rest) > 0 && rest[0] != "help" {
			return exitCode(e, dispatch(ctx, e, rest[0], []string{"-h"}))
		}
		fmt.Fprint(stdout, usage)
		return exitOK
	case "version", "--version":
		fmt.Fprintf(stdout, "reprint %s\n", version)
		return exitOK
	}
	return exitCode(e, dispatch(ctx, e, name, rest))
}

func dispatch(ctx context.Context, e env, name string, args []string) error {
	for _, c := range commands() {
		if c.name == name {
			return c.run(ctx, e, args)
		}
	}
	return usagef("unknown command %q (try \"reprint help\")", name)
}

// exitCode prints err, if any, and maps it to an exit status.
func exitCode(e env, err error) int {
	var ue *usageError
	var ie *corpus.InputError
	var ine *inputError
	switch {
	case err == nil, errors.Is(err, errHelp):
		return exitOK
	case errors.Is(err, errReuseFound):
		return exitReuse
	case errors.As(err, &ue), errors.As(err, &ie), errors.As(err, &ine):
		fmt.Fprintf(e.stderr, "reprint: %v\n", err)
		return exitUsage
	default:
		fmt.Fprintf(e.stderr, "reprint: %v\n", strings.TrimPrefix(err.Error(), "reprint: "))
		return exitFail
	}
}

// newFlags returns a flag set that reports errors instead of exiting, with
// help text made of synopsis and the flag defaults.
func newFlags(e env, name, synopsis string) *flag.FlagSet {
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	fs.SetOutput(e.stderr)
	fs.Usage = func() {
		fmt.Fprint(fs.Output(), synopsis)
		fmt.Fprintln(fs.Output(), "\nFlags:")
		fs.PrintDefaults()
	}
	return fs
}

// parseFlags parses args, turning a flag error into a usage error and
// sending -h output to stdout. Flags may come before or after the
// positional arguments (up to a "--"); the positional ones are returned.
func parseFlags(e env, fs *flag.FlagSet, args []string) ([]string, error) {
	for _, a := range args {
		if a == "--" {
			break
		}
		if a == "-h" || a == "-help" || a == "--help" {
			fs.SetOutput(e.stdout)
			fs.Usage()
			return nil, errHelp
		}
	}
	fs.SetOutput(io.Discard)
	var pos, tail []string
	if i := slices.Index(args, "--"); i >= 0 {
		args, tail = args[:i], args[i+1:]
	}
	for {
		if err := fs.Parse(args); err != nil {
			return nil, usagef("%s: %v (see \"reprint help %s\")", fs.Name(), err, fs.Name())
		}
		args = fs.Args()
		if len(args) == 0 {
			return append(pos, tail...), nil
		}
		// flag stops at the first positional argument; take it and go on.
		pos = append(pos, args[0])
		args = args[1:]
	}
}
