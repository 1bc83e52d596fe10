// The OpenBLAS C interface: cblas_sgemm and friends, plus
// openblas_set_num_threads. Not API of the course; Autograd wraps it.
#include <cblas.h>
