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
	"syscall"

	"github.com/FerretDB/FerretDB/ferretdb"
)

func main() {
	listen := flag.String("listen", "127.0.0.1:27027", "TCP listen address")
	handler := flag.String("handler", "sqlite", "backend handler: sqlite or postgresql")
	sqliteDir := flag.String("sqlite-dir", "", "directory for SQLite databases (sqlite handler)")
	pgURL := flag.String("postgresql-url", "", "PostgreSQL URL (postgresql handler)")
	debug := flag.Bool("debug", false, "debug logging")
	flag.Parse()

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
