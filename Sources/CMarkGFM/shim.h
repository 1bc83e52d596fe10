// GitHub's CommonMark parser with its table, autolink and strikethrough
// extensions. Not API of the course: SiteGenerator wraps it.
#include <cmark-gfm.h>
#include <cmark-gfm-core-extensions.h>
