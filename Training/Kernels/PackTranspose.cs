using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace SweepCluster.Training.Kernels;

/// <summary>8×8 float transposes for GEMM packing (AVX); callers fall back to scalar loops where AVX is absent.</summary>
internal static unsafe class PackTranspose
{
    /// <summary>True when <see cref="Transpose8x8"/> may be used.</summary>
    public static bool IsSupported => Avx.IsSupported;

    /// <summary>
    /// Reads 8 rows of 8 floats (row r at <paramref name="src"/> + r·<paramref name="srcStride"/>) and writes column q
    /// (8 floats, one per row) to <paramref name="dst"/> + q·<paramref name="dstStride"/>.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Transpose8x8(float* src, long srcStride, float* dst, int dstStride)
    {
        Vector256<float> r0 = Avx.LoadVector256(src);
        Vector256<float> r1 = Avx.LoadVector256(src + srcStride);
        Vector256<float> r2 = Avx.LoadVector256(src + (2 * srcStride));
        Vector256<float> r3 = Avx.LoadVector256(src + (3 * srcStride));
        Vector256<float> r4 = Avx.LoadVector256(src + (4 * srcStride));
        Vector256<float> r5 = Avx.LoadVector256(src + (5 * srcStride));
        Vector256<float> r6 = Avx.LoadVector256(src + (6 * srcStride));
        Vector256<float> r7 = Avx.LoadVector256(src + (7 * srcStride));

        Vector256<float> t0 = Avx.UnpackLow(r0, r1);
        Vector256<float> t1 = Avx.UnpackHigh(r0, r1);
        Vector256<float> t2 = Avx.UnpackLow(r2, r3);
        Vector256<float> t3 = Avx.UnpackHigh(r2, r3);
        Vector256<float> t4 = Avx.UnpackLow(r4, r5);
        Vector256<float> t5 = Avx.UnpackHigh(r4, r5);
        Vector256<float> t6 = Avx.UnpackLow(r6, r7);
        Vector256<float> t7 = Avx.UnpackHigh(r6, r7);

        Vector256<float> u0 = Avx.Shuffle(t0, t2, 0x44);
        Vector256<float> u1 = Avx.Shuffle(t0, t2, 0xEE);
        Vector256<float> u2 = Avx.Shuffle(t1, t3, 0x44);
        Vector256<float> u3 = Avx.Shuffle(t1, t3, 0xEE);
        Vector256<float> u4 = Avx.Shuffle(t4, t6, 0x44);
        Vector256<float> u5 = Avx.Shuffle(t4, t6, 0xEE);
        Vector256<float> u6 = Avx.Shuffle(t5, t7, 0x44);
        Vector256<float> u7 = Avx.Shuffle(t5, t7, 0xEE);

        Avx.Store(dst, Avx.Permute2x128(u0, u4, 0x20));
        Avx.Store(dst + dstStride, Avx.Permute2x128(u1, u5, 0x20));
        Avx.Store(dst + (2 * dstStride), Avx.Permute2x128(u2, u6, 0x20));
        Avx.Store(dst + (3 * dstStride), Avx.Permute2x128(u3, u7, 0x20));
        Avx.Store(dst + (4 * dstStride), Avx.Permute2x128(u0, u4, 0x31));
        Avx.Store(dst + (5 * dstStride), Avx.Permute2x128(u1, u5, 0x31));
        Avx.Store(dst + (6 * dstStride), Avx.Permute2x128(u2, u6, 0x31));
        Avx.Store(dst + (7 * dstStride), Avx.Permute2x128(u3, u7, 0x31));
    }
}
