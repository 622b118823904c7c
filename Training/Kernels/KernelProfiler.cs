using System.Diagnostics;
using System.Runtime.CompilerServices;

namespace SweepCluster.Training.Kernels;

/// <summary>The kernel families <see cref="KernelProfiler"/> accounts for.</summary>
internal enum KernelKind
{
    /// <summary><see cref="Gemm.Multiply(ComputePool, bool, bool, int, int, int, ReadOnlySpan{float}, int, ReadOnlySpan{float}, int, Span{float}, int, bool)"/>.</summary>
    Gemm,

    /// <summary><see cref="SoftmaxKernel"/>.</summary>
    Softmax,

    /// <summary><see cref="LayerNormKernel"/>.</summary>
    LayerNorm,

    /// <summary><see cref="GeluKernel"/> and <see cref="ReluKernel"/>.</summary>
    Activation,

    /// <summary><see cref="CrossEntropyKernel"/>.</summary>
    CrossEntropy,

    /// <summary><see cref="EmbeddingKernel"/>.</summary>
    Embedding,
}

/// <summary>
/// Opt-in timing of the kernel entry points (for the benchmark's profile): time and calls per <see cref="KernelKind"/>, and
/// per GEMM shape. Off by default (one static flag test per call). Not thread-safe: enable it only when every kernel runs
/// on one thread (a single-thread <see cref="ComputePool"/>). Allocation-free while enabled.
/// </summary>
internal static class KernelProfiler
{
    private const int ShapeSlots = 128;
    private static readonly long[] KindTicks = new long[Enum.GetValues<KernelKind>().Length];
    private static readonly long[] KindCalls = new long[KindTicks.Length];
    private static readonly long[] ShapeKeys = new long[ShapeSlots];
    private static readonly long[] ShapeTicks = new long[ShapeSlots];
    private static readonly long[] ShapeCalls = new long[ShapeSlots];

    /// <summary>Whether timing is on.</summary>
    public static bool Enabled { get; set; }

    /// <summary>A timestamp when enabled, else 0.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static long Start() => Enabled ? Stopwatch.GetTimestamp() : 0;

    /// <summary>Books the time since <paramref name="start"/> to <paramref name="kind"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Stop(KernelKind kind, long start)
    {
        if (start != 0)
        {
            KindTicks[(int)kind] += Stopwatch.GetTimestamp() - start;
            KindCalls[(int)kind]++;
        }
    }

    /// <summary>Books a GEMM call to its kind and to its shape.</summary>
    public static void StopGemm(long start, bool transA, bool transB, int m, int n, int k)
    {
        if (start == 0)
        {
            return;
        }

        long ticks = Stopwatch.GetTimestamp() - start;
        KindTicks[(int)KernelKind.Gemm] += ticks;
        KindCalls[(int)KernelKind.Gemm]++;
        long key = ((long)(transA ? 1 : 0) << 62) | ((long)(transB ? 1 : 0) << 61) | ((long)m << 40) | ((long)n << 20) | (uint)k;
        int slot = (int)(((ulong)key * 0x9E3779B97F4A7C15UL) >> 57);
        for (int probe = 0; probe < ShapeSlots; probe++, slot = (slot + 1) % ShapeSlots)
        {
            if (ShapeKeys[slot] == key || ShapeCalls[slot] == 0)
            {
                ShapeKeys[slot] = key;
                ShapeTicks[slot] += ticks;
                ShapeCalls[slot]++;
                return;
            }
        }
    }

    /// <summary>Clears all counters.</summary>
    public static void Reset()
    {
        Array.Clear(KindTicks);
        Array.Clear(KindCalls);
        Array.Clear(ShapeKeys);
        Array.Clear(ShapeTicks);
        Array.Clear(ShapeCalls);
    }

    /// <summary>Seconds and calls per kernel kind.</summary>
    public static IReadOnlyList<(KernelKind Kind, double Seconds, long Calls)> Kinds() =>
        Enum.GetValues<KernelKind>().Select(k => (k, (double)KindTicks[(int)k] / Stopwatch.Frequency, KindCalls[(int)k])).ToArray();

    /// <summary>Seconds and calls per GEMM shape (transA, transB, m, n, k), most expensive first.</summary>
    public static IReadOnlyList<(bool TransA, bool TransB, int M, int N, int K, double Seconds, long Calls)> GemmShapes() =>
        Enumerable.Range(0, ShapeSlots)
            .Where(i => ShapeCalls[i] > 0)
            .Select(i => (
                (ShapeKeys[i] >> 62 & 1) == 1, (ShapeKeys[i] >> 61 & 1) == 1, (int)(ShapeKeys[i] >> 40 & 0xFFFFF),
                (int)(ShapeKeys[i] >> 20 & 0xFFFFF), (int)(ShapeKeys[i] & 0xFFFFF), (double)ShapeTicks[i] / Stopwatch.Frequency,
                ShapeCalls[i]))
            .OrderByDescending(s => s.Item6)
            .ToArray();
}
