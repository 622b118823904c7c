using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace SweepCluster.Training.Kernels;

/// <summary>
/// A register-tiled GEMM micro-kernel: C[MR, NR] (+)= Σ_p A[:, p]·B[p, :] over packed panels
/// (A panel: kc × MR, column p contiguous; B panel: kc × NR, row p contiguous). Reduction over p is in index order.
/// </summary>
internal unsafe interface IGemmMicroKernel
{
    /// <summary>Rows of the register tile.</summary>
    static abstract int MR { get; }

    /// <summary>Columns of the register tile.</summary>
    static abstract int NR { get; }

    /// <summary>Computes one tile; assigns C when <paramref name="overwrite"/>, else adds to it.</summary>
    static abstract void Run(int kc, float* pa, float* pb, float* c, int ldc, bool overwrite);
}

/// <summary>AVX-512: 8 rows × 32 columns held in 16 <see cref="Vector512{T}"/> accumulators, FMA per step.</summary>
internal readonly unsafe struct Avx512Kernel : IGemmMicroKernel
{
    public static int MR => 8;

    public static int NR => 32;

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Run(int kc, float* pa, float* pb, float* c, int ldc, bool overwrite)
    {
        Vector512<float> c00 = default, c01 = default, c10 = default, c11 = default;
        Vector512<float> c20 = default, c21 = default, c30 = default, c31 = default;
        Vector512<float> c40 = default, c41 = default, c50 = default, c51 = default;
        Vector512<float> c60 = default, c61 = default, c70 = default, c71 = default;
        for (int p = 0; p < kc; p++)
        {
            Vector512<float> b0 = Vector512.Load(pb);
            Vector512<float> b1 = Vector512.Load(pb + 16);
            Vector512<float> a = Vector512.Create(pa[0]);
            c00 = Vector512.FusedMultiplyAdd(a, b0, c00);
            c01 = Vector512.FusedMultiplyAdd(a, b1, c01);
            a = Vector512.Create(pa[1]);
            c10 = Vector512.FusedMultiplyAdd(a, b0, c10);
            c11 = Vector512.FusedMultiplyAdd(a, b1, c11);
            a = Vector512.Create(pa[2]);
            c20 = Vector512.FusedMultiplyAdd(a, b0, c20);
            c21 = Vector512.FusedMultiplyAdd(a, b1, c21);
            a = Vector512.Create(pa[3]);
            c30 = Vector512.FusedMultiplyAdd(a, b0, c30);
            c31 = Vector512.FusedMultiplyAdd(a, b1, c31);
            a = Vector512.Create(pa[4]);
            c40 = Vector512.FusedMultiplyAdd(a, b0, c40);
            c41 = Vector512.FusedMultiplyAdd(a, b1, c41);
            a = Vector512.Create(pa[5]);
            c50 = Vector512.FusedMultiplyAdd(a, b0, c50);
            c51 = Vector512.FusedMultiplyAdd(a, b1, c51);
            a = Vector512.Create(pa[6]);
            c60 = Vector512.FusedMultiplyAdd(a, b0, c60);
            c61 = Vector512.FusedMultiplyAdd(a, b1, c61);
            a = Vector512.Create(pa[7]);
            c70 = Vector512.FusedMultiplyAdd(a, b0, c70);
            c71 = Vector512.FusedMultiplyAdd(a, b1, c71);
            pa += 8;
            pb += 32;
        }

        Put(c, c00, c01, overwrite);
        Put(c + ldc, c10, c11, overwrite);
        Put(c + (2 * ldc), c20, c21, overwrite);
        Put(c + (3 * ldc), c30, c31, overwrite);
        Put(c + (4 * ldc), c40, c41, overwrite);
        Put(c + (5 * ldc), c50, c51, overwrite);
        Put(c + (6 * ldc), c60, c61, overwrite);
        Put(c + (7 * ldc), c70, c71, overwrite);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Put(float* c, Vector512<float> v0, Vector512<float> v1, bool overwrite)
    {
        if (!overwrite)
        {
            v0 += Vector512.Load(c);
            v1 += Vector512.Load(c + 16);
        }

        v0.Store(c);
        v1.Store(c + 16);
    }
}

/// <summary>AVX2: 6 rows × 16 columns held in 12 <see cref="Vector256{T}"/> accumulators, FMA per step.</summary>
internal readonly unsafe struct Avx2Kernel : IGemmMicroKernel
{
    public static int MR => 6;

    public static int NR => 16;

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Run(int kc, float* pa, float* pb, float* c, int ldc, bool overwrite)
    {
        Vector256<float> c00 = default, c01 = default, c10 = default, c11 = default, c20 = default, c21 = default;
        Vector256<float> c30 = default, c31 = default, c40 = default, c41 = default, c50 = default, c51 = default;
        for (int p = 0; p < kc; p++)
        {
            Vector256<float> b0 = Vector256.Load(pb);
            Vector256<float> b1 = Vector256.Load(pb + 8);
            Vector256<float> a = Vector256.Create(pa[0]);
            c00 = Vector256.FusedMultiplyAdd(a, b0, c00);
            c01 = Vector256.FusedMultiplyAdd(a, b1, c01);
            a = Vector256.Create(pa[1]);
            c10 = Vector256.FusedMultiplyAdd(a, b0, c10);
            c11 = Vector256.FusedMultiplyAdd(a, b1, c11);
            a = Vector256.Create(pa[2]);
            c20 = Vector256.FusedMultiplyAdd(a, b0, c20);
            c21 = Vector256.FusedMultiplyAdd(a, b1, c21);
            a = Vector256.Create(pa[3]);
            c30 = Vector256.FusedMultiplyAdd(a, b0, c30);
            c31 = Vector256.FusedMultiplyAdd(a, b1, c31);
            a = Vector256.Create(pa[4]);
            c40 = Vector256.FusedMultiplyAdd(a, b0, c40);
            c41 = Vector256.FusedMultiplyAdd(a, b1, c41);
            a = Vector256.Create(pa[5]);
            c50 = Vector256.FusedMultiplyAdd(a, b0, c50);
            c51 = Vector256.FusedMultiplyAdd(a, b1, c51);
            pa += 6;
            pb += 16;
        }

        Put(c, c00, c01, overwrite);
        Put(c + ldc, c10, c11, overwrite);
        Put(c + (2 * ldc), c20, c21, overwrite);
        Put(c + (3 * ldc), c30, c31, overwrite);
        Put(c + (4 * ldc), c40, c41, overwrite);
        Put(c + (5 * ldc), c50, c51, overwrite);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Put(float* c, Vector256<float> v0, Vector256<float> v1, bool overwrite)
    {
        if (!overwrite)
        {
            v0 += Vector256.Load(c);
            v1 += Vector256.Load(c + 8);
        }

        v0.Store(c);
        v1.Store(c + 8);
    }
}

/// <summary>Portable fallback: 4 rows × 4 columns in scalar registers (fused multiply-add via <see cref="MathF.FusedMultiplyAdd"/>).</summary>
internal readonly unsafe struct ScalarKernel : IGemmMicroKernel
{
    public static int MR => 4;

    public static int NR => 4;

    public static void Run(int kc, float* pa, float* pb, float* c, int ldc, bool overwrite)
    {
        float* acc = stackalloc float[16];
        new Span<float>(acc, 16).Clear();
        for (int p = 0; p < kc; p++)
        {
            for (int r = 0; r < 4; r++)
            {
                float a = pa[r];
                for (int j = 0; j < 4; j++)
                {
                    acc[(r * 4) + j] = MathF.FusedMultiplyAdd(a, pb[j], acc[(r * 4) + j]);
                }
            }

            pa += 4;
            pb += 4;
        }

        for (int r = 0; r < 4; r++)
        {
            for (int j = 0; j < 4; j++)
            {
                float v = acc[(r * 4) + j];
                c[(r * ldc) + j] = overwrite ? v : c[(r * ldc) + j] + v;
            }
        }
    }
}
