# The two commands of the Quick start: `make` builds the course (every
# chapter run for real, then the website), `make test` runs every test. Both
# first install any missing Debian packages.

.PHONY: all course site test setup bench

all: course

setup:
	@Scripts/install-system-packages.sh

course: setup
	swift build -c release
	swift run -c release course site

site: setup
	swift run -c release course site

test: setup
	swift test

bench: setup
	swift run -c release course bench core
