# The two commands of the Quick start: `make` builds the course (every
# chapter run for real, then the website), `make test` runs every test. Both
# first install any missing Debian packages.

.PHONY: all course site test test-vector-paths setup bench

all: course

setup:
	@Scripts/install-system-packages.sh

# Only `course` and the chapters are built (`course site` builds each chapter
# it runs): never the learner's exercises, so a stub that does not compile yet
# does not stop the course from building.
course: setup
	swift build -c release --product course
	swift run -c release course site

site: setup
	swift run -c release course site

test: setup
	swift test

# The vector kernels as release builds compile them, on AVX2 and (where the
# CPU has it) AVX-512: see Scripts/test-vector-paths.sh.
test-vector-paths: setup
	@Scripts/test-vector-paths.sh

bench: setup
	swift run -c release course bench core
	swift run -c release course bench workloads
