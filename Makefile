# The two commands of the Quick start: `make` builds the course, `make test`
# runs every test. Both first install any missing Debian packages.

.PHONY: all course test setup bench

all: course

setup:
	@Scripts/install-system-packages.sh

course: setup
	swift build -c release

test: setup
	swift test

bench: setup
	swift run -c release course bench core
