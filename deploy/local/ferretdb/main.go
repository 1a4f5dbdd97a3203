// Command ferretdb-embed runs FerretDB v1 (embeddable package) for local development.
//
// It exists because `go install github.com/FerretDB/FerretDB/cmd/ferretdb` panics
// outside of FerretDB's own build (build/version/version.txt is generated, not published).
// Built and started by deploy/local/infra.sh.
package main

import (
	"context"
	"flag"
	"fmt"
	"log/slog"
	"os"
	"os/signal"
	"path/filepath"
	rdebug "runtime/debug"
	"syscall"

	"github.com/FerretDB/FerretDB/ferretdb"
)

// defaultSQLiteParams are the SQLite settings every connection of FerretDB's pool opens with
// (FerretDB itself adds busy_timeout, journal_mode(wal) and auto_vacuum(none) when not given):
//
//   - synchronous(normal): in WAL mode SQLite then syncs the log at checkpoints, not at every
//     commit. A crash of this process loses nothing; a crash of the machine may lose the last
//     commits, never corrupt the file. This is a development and CI database (production runs on
//     MongoDB), and every insert, update and delete of FerretDB is a transaction of its own.
//   - cache_size(-16384): 16 MB of page cache per connection instead of SQLite's 2 MB, so the
//     indexes of a collection of a few hundred thousand documents (a county-year of acts) are
//     not read from the file again on every lookup. Pages are cached only as they are read.
//
// Measured with `pnpm bench import-acts` (bench/results/): FerretDB's CPU per imported row fell
// by a fifth to a quarter with these and GOGC=200.
const defaultSQLiteParams = "_pragma=synchronous(normal)&_pragma=cache_size(-16384)"

// defaultGCPercent: FerretDB decodes every document it reads into Go values and drops them at
// once; with Go's default (100) a busy import spent about a tenth of FerretDB's CPU collecting
// them. 200 collects half as often, for some memory (a few hundred MB at most here). GOGC wins if set.
const defaultGCPercent = 200

func main() {
	listen := flag.String("listen", "127.0.0.1:27027", "TCP listen address")
	handler := flag.String("handler", "sqlite", "backend handler: sqlite or postgresql")
	sqliteDir := flag.String("sqlite-dir", "", "directory for SQLite databases (sqlite handler)")
	sqliteParams := flag.String("sqlite-params", defaultSQLiteParams, "query string of the SQLite URL (sqlite handler): _pragma=name(value)&…; empty for SQLite's and FerretDB's defaults")
	pgURL := flag.String("postgresql-url", "", "PostgreSQL URL (postgresql handler)")
	debug := flag.Bool("debug", false, "debug logging")
	flag.Parse()

	if os.Getenv("GOGC") == "" {
		rdebug.SetGCPercent(defaultGCPercent)
	}

	level := slog.LevelInfo
	if *debug {
		level = slog.LevelDebug
	}
	logger := slog.New(slog.NewTextHandler(os.Stderr, &slog.HandlerOptions{Level: level}))
	slog.SetDefault(logger)

	cfg := &ferretdb.Config{
		Listener: ferretdb.ListenerConfig{TCP: *listen},
		Logger:   logger,
		Handler:  *handler,
	}

	switch *handler {
	case "sqlite":
		if *sqliteDir == "" {
			fatal("--sqlite-dir is required for the sqlite handler")
		}
		dir, err := filepath.Abs(*sqliteDir)
		if err != nil {
			fatal(err.Error())
		}
		if err = os.MkdirAll(dir, 0o755); err != nil {
			fatal(err.Error())
		}
		cfg.SQLiteURL = "file:" + dir + "/"
		if *sqliteParams != "" {
			cfg.SQLiteURL += "?" + *sqliteParams
		}
	case "postgresql":
		if *pgURL == "" {
			fatal("--postgresql-url is required for the postgresql handler")
		}
		cfg.PostgreSQLURL = *pgURL
	default:
		fatal("unknown --handler " + *handler)
	}

	f, err := ferretdb.New(cfg)
	if err != nil {
		fatal(err.Error())
	}

	ctx, stop := signal.NotifyContext(context.Background(), syscall.SIGTERM, syscall.SIGINT)
	defer stop()

	logger.Info("ferretdb-embed starting", "listen", *listen, "handler", *handler, "pid", os.Getpid())

	if err = f.Run(ctx); err != nil {
		fatal(err.Error())
	}

	logger.Info("ferretdb-embed stopped")
}

func fatal(msg string) {
	fmt.Fprintln(os.Stderr, "ferretdb-embed: "+msg)
	os.Exit(1)
}
