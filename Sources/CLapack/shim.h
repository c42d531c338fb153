#ifndef SAFERCITY_CLAPACK_SHIM_H
#define SAFERCITY_CLAPACK_SHIM_H
/* OpenBLAS CBLAS (+ openblas_set_num_threads / openblas_get_config) and the
 * Fortran LAPACK routines SaferCity uses, declared by hand (option B of
 * shared/notes/blas-lapack-on-linux.md): every argument is a pointer, integers
 * are 32-bit, and each CHARACTER argument has a hidden trailing size_t length. */
#include <stddef.h>
#include <cblas.h>

void dgeqrf_(const int *m, const int *n, double *a, const int *lda, double *tau,
             double *work, const int *lwork, int *info);
void dgeqp3_(const int *m, const int *n, double *a, const int *lda, int *jpvt,
             double *tau, double *work, const int *lwork, int *info);
void dormqr_(const char *side, const char *trans, const int *m, const int *n,
             const int *k, const double *a, const int *lda, const double *tau,
             double *c, const int *ldc, double *work, const int *lwork, int *info,
             size_t side_len, size_t trans_len);
void dorgqr_(const int *m, const int *n, const int *k, double *a, const int *lda,
             const double *tau, double *work, const int *lwork, int *info);
void dtrtrs_(const char *uplo, const char *trans, const char *diag, const int *n,
             const int *nrhs, const double *a, const int *lda, double *b,
             const int *ldb, int *info, size_t uplo_len, size_t trans_len, size_t diag_len);
void dtrcon_(const char *norm, const char *uplo, const char *diag, const int *n,
             const double *a, const int *lda, double *rcond, double *work,
             int *iwork, int *info, size_t norm_len, size_t uplo_len, size_t diag_len);
void dtrtri_(const char *uplo, const char *diag, const int *n, double *a,
             const int *lda, int *info, size_t uplo_len, size_t diag_len);
void dpotrf_(const char *uplo, const int *n, double *a, const int *lda, int *info,
             size_t uplo_len);
void dpotrs_(const char *uplo, const int *n, const int *nrhs, const double *a,
             const int *lda, double *b, const int *ldb, int *info, size_t uplo_len);
void dpotri_(const char *uplo, const int *n, double *a, const int *lda, int *info,
             size_t uplo_len);
void dgesdd_(const char *jobz, const int *m, const int *n, double *a, const int *lda,
             double *s, double *u, const int *ldu, double *vt, const int *ldvt,
             double *work, const int *lwork, int *iwork, int *info, size_t jobz_len);
void dsyevd_(const char *jobz, const char *uplo, const int *n, double *a,
             const int *lda, double *w, double *work, const int *lwork, int *iwork,
             const int *liwork, int *info, size_t jobz_len, size_t uplo_len);
void dgesv_(const int *n, const int *nrhs, double *a, const int *lda, int *ipiv,
            double *b, const int *ldb, int *info);
#endif
