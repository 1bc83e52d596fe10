// zlib, for reading gzip-compressed data files. Not API of the course.
#include <zlib.h>
