using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace SweepCluster.Training.Kernels;

/// <summary>
/// Single-precision matrix multiply on row-major storage:
/// C[m,n] = (accumulate ? C : 0) + op(A)[m,k] · op(B)[k,n], where op(X) is X or Xᵀ.
/// A is stored [m,k] (or [k,m] when transA), B is [k,n] (or [n,k] when transB); lda/ldb/ldc are row strides.
/// <see cref="Multiply"/> is the blocked SIMD kernel (<see cref="GemmDriver{TK}"/>); <see cref="MultiplyScalar"/> is the reference.
/// </summary>
internal static unsafe class Gemm
{
    /// <summary>Products with fewer multiply-adds (m·n·k) than this run on the caller alone.</summary>
    public const long ParallelThreshold = 1L << 19;

    /// <summary>The micro-kernel this machine uses.</summary>
    public static GemmIsa Isa { get; } =
        Vector512.IsHardwareAccelerated && Avx512F.IsSupported ? GemmIsa.Avx512
        : Vector256.IsHardwareAccelerated && Fma.IsSupported ? GemmIsa.Avx2
        : GemmIsa.Scalar;

    /// <summary>The fast kernel, parallel over output tiles on <paramref name="pool"/>.</summary>
    public static void Multiply(
        ComputePool pool, bool transA, bool transB, int m, int n, int k,
        ReadOnlySpan<float> a, int lda, ReadOnlySpan<float> b, int ldb, Span<float> c, int ldc, bool accumulate) =>
        Multiply(Isa, pool, transA, transB, m, n, k, a, lda, b, ldb, c, ldc, accumulate);

    /// <summary><see cref="Multiply(ComputePool, bool, bool, int, int, int, ReadOnlySpan{float}, int, ReadOnlySpan{float}, int, Span{float}, int, bool)"/> with a chosen micro-kernel (tests cover each).</summary>
    public static void Multiply(
        GemmIsa isa, ComputePool pool, bool transA, bool transB, int m, int n, int k,
        ReadOnlySpan<float> a, int lda, ReadOnlySpan<float> b, int ldb, Span<float> c, int ldc, bool accumulate)
    {
        ArgumentNullException.ThrowIfNull(pool);
        CheckOperand(nameof(a), a.Length, transA ? k : m, transA ? m : k, lda);
        CheckOperand(nameof(b), b.Length, transB ? n : k, transB ? k : n, ldb);
        CheckOperand(nameof(c), c.Length, m, n, ldc);
        if (m == 0 || n == 0)
        {
            return;
        }

        if (k == 0)
        {
            if (!accumulate)
            {
                for (int i = 0; i < m; i++)
                {
                    c.Slice(i * ldc, n).Clear();
                }
            }

            return;
        }

        fixed (float* pa = a)
        fixed (float* pb = b)
        fixed (float* pc = c)
        {
            var problem = new GemmProblem(isa, transA, transB, m, n, k, pa, lda, pb, ldb, pc, ldc, accumulate);
            if (pool.Threads > 1 && (long)m * n * k >= ParallelThreshold && pool.GemmJob.TryRun(pool, problem))
            {
                return;
            }

            problem.Run();
        }
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

    private static void CheckOperand(string name, int length, int rows, int cols, int ld)
    {
        if (rows < 0 || cols < 0 || ld < cols)
        {
            throw new ArgumentException($"Gemm operand {name}: {rows}×{cols} with row stride {ld} is not a valid shape.", name);
        }

        if (rows > 0 && cols > 0 && ((long)(rows - 1) * ld) + cols > length)
        {
            throw new ArgumentException($"Gemm operand {name}: {rows}×{cols} with row stride {ld} needs more than {length} floats.", name);
        }
    }
}

/// <summary>The GEMM micro-kernels.</summary>
internal enum GemmIsa
{
    /// <summary>Portable 4×4 scalar tiles.</summary>
    Scalar,

    /// <summary>6×16 tiles of <see cref="Vector256{T}"/> with FMA.</summary>
    Avx2,

    /// <summary>8×32 tiles of <see cref="Vector512{T}"/> with FMA.</summary>
    Avx512,
}
