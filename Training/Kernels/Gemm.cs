namespace SweepCluster.Training.Kernels;

/// <summary>
/// Single-precision matrix multiply on row-major storage:
/// C[m,n] = (accumulate ? C : 0) + op(A)[m,k] · op(B)[k,n], where op(X) is X or Xᵀ.
/// A is stored [m,k] (or [k,m] when transA), B is [k,n] (or [n,k] when transB); lda/ldb/ldc are row strides.
/// CONTRACT STUB: the kernels issue replaces the body with the blocked SIMD kernel; <see cref="MultiplyScalar"/> stays as the reference.
/// </summary>
internal static class Gemm
{
    /// <summary>The fast kernel, parallel over output tiles on <paramref name="pool"/>.</summary>
    public static void Multiply(
        ComputePool pool, bool transA, bool transB, int m, int n, int k,
        ReadOnlySpan<float> a, int lda, ReadOnlySpan<float> b, int ldb, Span<float> c, int ldc, bool accumulate)
    {
        _ = pool;
        MultiplyScalar(transA, transB, m, n, k, a, lda, b, ldb, c, ldc, accumulate);
    }

    /// <summary>The scalar reference kernel: one dot product per output, in index order.</summary>
    public static void MultiplyScalar(
        bool transA, bool transB, int m, int n, int k,
        ReadOnlySpan<float> a, int lda, ReadOnlySpan<float> b, int ldb, Span<float> c, int ldc, bool accumulate)
    {
        for (int i = 0; i < m; i++)
        {
            for (int j = 0; j < n; j++)
            {
                float sum = 0f;
                for (int p = 0; p < k; p++)
                {
                    float av = transA ? a[(p * lda) + i] : a[(i * lda) + p];
                    float bv = transB ? b[(j * ldb) + p] : b[(p * ldb) + j];
                    sum += av * bv;
                }

                c[(i * ldc) + j] = accumulate ? c[(i * ldc) + j] + sum : sum;
            }
        }
    }
}
