# reprint: the two commands are `make demo` and `make test`.
GO        ?= go
DATA      ?= ../shared/data
STATICCHECK = $(GO) run honnef.co/go/tools/cmd/staticcheck@v0.8.2
BIN       := bin/reprint
FUZZTIME  ?= 20s

.PHONY: all build demo test lint determinism golden bench eval fuzz clean

all: build

build:
	$(GO) build -o $(BIN) ./cmd/reprint

## demo: run reprint report on the bundled seed articles
demo: build
	./$(BIN) report testdata/seeds

## test: every test: formatting, vet, staticcheck, the race-enabled suite
## (fuzz seed corpora included) and the cross-core determinism check
test: lint determinism
	$(GO) test -race -count=1 ./...

lint:
	@unformatted=$$(gofmt -l $$(git ls-files '*.go' 2>/dev/null || find . -name '*.go')); \
	if [ -n "$$unformatted" ]; then echo "gofmt needed: $$unformatted"; exit 1; fi
	$(GO) vet ./...
	$(STATICCHECK) ./...
	$(GO) mod tidy -diff

## determinism: the same report, byte for byte, on one core and on two (the
## seeds in every format, and the Helsinki corpus, with and without --explain,
## when $(DATA) has it)
determinism: build
	@tmp=$$(mktemp -d); trap 'rm -rf "$$tmp"' EXIT; \
	for f in table json csv markdown html; do \
	  GOMAXPROCS=1 ./$(BIN) report --quiet --format $$f testdata/seeds > $$tmp/1.$$f; \
	  GOMAXPROCS=2 ./$(BIN) report --quiet --format $$f testdata/seeds > $$tmp/2.$$f; \
	  cmp $$tmp/1.$$f $$tmp/2.$$f || exit 1; \
	done; \
	if [ -f $(DATA)/news-helsinki.jsonl.gz ]; then \
	  GOMAXPROCS=1 ./$(BIN) report --quiet --format json $(DATA)/news-helsinki.jsonl.gz > $$tmp/h1; \
	  GOMAXPROCS=2 ./$(BIN) report --quiet --format json --workers 5 $(DATA)/news-helsinki.jsonl.gz > $$tmp/h2; \
	  cmp $$tmp/h1 $$tmp/h2 || exit 1; \
	  GOMAXPROCS=1 ./$(BIN) report --quiet --explain --format json $(DATA)/news-helsinki.jsonl.gz > $$tmp/e1; \
	  GOMAXPROCS=2 ./$(BIN) report --quiet --explain --format json --workers 5 $(DATA)/news-helsinki.jsonl.gz > $$tmp/e2; \
	  cmp $$tmp/e1 $$tmp/e2 || exit 1; \
	fi; echo "determinism: byte-identical output on 1 and 2 cores"

## golden: rewrite the golden files after a deliberate output change
golden:
	$(GO) test ./cmd/reprint/ ./report/ -run Golden -update

## bench: per-stage Go benchmarks, then whole `reprint report` runs on the
## research corpora (read from $(DATA); absent ones are skipped)
bench: build
	REPRINT_DATA=$(abspath $(DATA)) $(GO) test -run '^$$' -bench . -benchmem -count 5 ./... | tee bench.out
	scripts/bench-e2e.sh ./$(BIN) $(DATA) | tee bench-e2e.out

## eval: score reprint's alignment on the PAN 2013 training corpus (from $(DATA))
eval: build
	./$(BIN) eval pan $(DATA)/pan13-text-alignment-train.tar.gz

## fuzz: run every fuzz target for $(FUZZTIME)
fuzz:
	@for pkg in ./corpus ./shingle ./paragraph ./provenance; do \
	  for f in $$($(GO) test -list '^Fuzz' $$pkg | grep ^Fuzz); do \
	    $(GO) test -run '^$$' -fuzz "^$$f$$" -fuzztime $(FUZZTIME) $$pkg || exit 1; \
	  done; \
	done

clean:
	rm -rf bin bench.out bench-e2e.out
