# Top-level entry points. CMake does the building; this file only names the common tasks.
BUILD     ?= build
BUILD_SAN ?= build-san
BUILD_FUZZ?= build-fuzz
JOBS      ?= $(shell nproc)

.PHONY: all deps test test-fast test-san fuzz bench run demo clean

all:
	cmake -S . -B $(BUILD) -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
	cmake --build $(BUILD) -j $(JOBS)

# Install the Debian packages the build and the tests need (as root; no-op when present).
deps:
	@bash scripts/install-deps.sh

# The one test command: install what is missing, build, run every test (plain, then ASan+UBSan), fuzz briefly.
test: deps
	bash scripts/test-all.sh

test-fast: all
	cd $(BUILD) && ctest --output-on-failure -j $(JOBS)

test-san:
	CC=clang cmake -S . -B $(BUILD_SAN) -DCMAKE_BUILD_TYPE=Debug -DGONGKAI_SANITIZE=ON >/dev/null
	cmake --build $(BUILD_SAN) -j $(JOBS)
	cd $(BUILD_SAN) && ctest --output-on-failure -j $(JOBS)

FUZZ_SECONDS ?= 60
fuzz:
	CC=clang cmake -S . -B $(BUILD_FUZZ) -DCMAKE_BUILD_TYPE=RelWithDebInfo -DGONGKAI_FUZZ=ON -DGONGKAI_SANITIZE=ON >/dev/null
	cmake --build $(BUILD_FUZZ) -j $(JOBS)
	FUZZ_SECONDS=$(FUZZ_SECONDS) bash scripts/run-fuzzers.sh $(BUILD_FUZZ)

bench: all
	bash bench/run.sh $(BUILD)

run: deps all
	bash scripts/run.sh $(BUILD)

clean:
	rm -rf $(BUILD) $(BUILD_SAN) $(BUILD_FUZZ)
