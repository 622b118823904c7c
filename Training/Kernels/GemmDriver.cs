using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace SweepCluster.Training.Kernels;

/// <summary>
/// The cache-blocked GEMM loop nest (GotoBLAS order) around a register micro-kernel: for each NC-wide column block and
/// KC-deep slice, B is packed into NR-wide panels; for each MC-tall row block, A is packed into MR-tall panels; the
/// micro-kernel sweeps the tiles. Every output's reduction is over KC slices in order, each slice in index order, so the
/// result does not depend on how the output is split between threads.
/// </summary>
internal static unsafe class GemmDriver<TK>
    where TK : struct, IGemmMicroKernel
{
    /// <summary>Depth of one packed slice (B micro-panel KC × NR stays in L1).</summary>
    public const int KC = 128;

    /// <summary>Rows of A packed at once (about MC × KC floats in L2).</summary>
    public static readonly int MC = 128 / TK.MR * TK.MR;

    /// <summary>Columns of B packed at once.</summary>
    public static readonly int NC = 1024 / TK.NR * TK.NR;

    /// <summary>C[m,n] (+)= op(A)·op(B) on the calling thread, with its own packing buffers.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Run(
        bool transA, bool transB, int m, int n, int k, float* a, int lda, float* b, int ldb, float* c, int ldc, bool accumulate)
    {
        int mr = TK.MR;
        int nr = TK.NR;
        GemmBuffers buffers = GemmBuffers.ForCurrentThread();
        float* packA = buffers.A;
        float* packB = buffers.B;
        float* tile = buffers.Tile;
        for (int jc = 0; jc < n; jc += NC)
        {
            int nc = Math.Min(NC, n - jc);
            for (int pc = 0; pc < k; pc += KC)
            {
                int kc = Math.Min(KC, k - pc);
                PackB(transB, b, ldb, pc, jc, kc, nc, packB);
                bool first = pc == 0 && !accumulate;
                for (int ic = 0; ic < m; ic += MC)
                {
                    int mc = Math.Min(MC, m - ic);
                    PackA(transA, a, lda, ic, pc, mc, kc, packA);
                    for (int jr = 0; jr < nc; jr += nr)
                    {
                        int nn = Math.Min(nr, nc - jr);
                        float* pb = packB + (jr * kc);
                        for (int ir = 0; ir < mc; ir += mr)
                        {
                            int mm = Math.Min(mr, mc - ir);
                            float* pa = packA + (ir * kc);
                            float* cc = c + ((long)(ic + ir) * ldc) + jc + jr;
                            if (mm == mr && nn == nr)
                            {
                                TK.Run(kc, pa, pb, cc, ldc, first);
                            }
                            else
                            {
                                TK.Run(kc, pa, pb, tile, nr, true);
                                StoreEdge(tile, nr, cc, ldc, mm, nn, first);
                            }
                        }
                    }
                }
            }
        }
    }

    private static void StoreEdge(float* tile, int nr, float* c, int ldc, int rows, int cols, bool overwrite)
    {
        for (int r = 0; r < rows; r++)
        {
            float* src = tile + (r * nr);
            float* dst = c + ((long)r * ldc);
            for (int j = 0; j < cols; j++)
            {
                dst[j] = overwrite ? src[j] : dst[j] + src[j];
            }
        }
    }

    // Packs op(A)[ic..ic+mc, pc..pc+kc] into MR-row panels: panel q holds element (r, p) at q·MR·kc + p·MR + r, zero-padded.
    private static void PackA(bool transA, float* a, int lda, int ic, int pc, int mc, int kc, float* dst)
    {
        int mr = TK.MR;
        for (int ir = 0; ir < mc; ir += mr)
        {
            int rows = Math.Min(mr, mc - ir);
            float* panel = dst + (ir * kc);
            if (transA)
            {
                // A is stored [k, m]: the MR values of one p are contiguous.
                float* src = a + ((long)pc * lda) + ic + ir;
                if (rows == 8 && mr == 8)
                {
                    for (int p = 0; p < kc; p++)
                    {
                        Vector256.Store(Vector256.Load(src + ((long)p * lda)), panel + (p * 8));
                    }

                    continue;
                }

                for (int p = 0; p < kc; p++)
                {
                    float* s = src + ((long)p * lda);
                    float* d = panel + (p * mr);
                    int r = 0;
                    for (; r < rows; r++)
                    {
                        d[r] = s[r];
                    }

                    for (; r < mr; r++)
                    {
                        d[r] = 0f;
                    }
                }
            }
            else
            {
                float* rowsStart = a + ((long)(ic + ir) * lda) + pc;
                int done = 0;
                if (rows == 8 && mr == 8 && PackTranspose.IsSupported)
                {
                    for (; done + 8 <= kc; done += 8)
                    {
                        PackTranspose.Transpose8x8(rowsStart + done, lda, panel + (done * 8), 8);
                    }

                    if (done == kc)
                    {
                        continue;
                    }
                }

                for (int r = 0; r < rows; r++)
                {
                    float* s = a + ((long)(ic + ir + r) * lda) + pc;
                    float* d = panel + r;
                    for (int p = done; p < kc; p++)
                    {
                        d[p * mr] = s[p];
                    }
                }

                for (int r = rows; r < mr; r++)
                {
                    for (int p = 0; p < kc; p++)
                    {
                        panel[(p * mr) + r] = 0f;
                    }
                }
            }
        }
    }

    // Packs op(B)[pc..pc+kc, jc..jc+nc] into NR-column panels: panel q holds (p, j) at q·NR·kc + p·NR + j, zero-padded.
    private static void PackB(bool transB, float* b, int ldb, int pc, int jc, int kc, int nc, float* dst)
    {
        int nr = TK.NR;
        for (int jr = 0; jr < nc; jr += nr)
        {
            int cols = Math.Min(nr, nc - jr);
            float* panel = dst + (jr * kc);
            if (transB)
            {
                // B is stored [n, k]: column j of op(B) is row j of storage.
                int j0 = 0;
                if (PackTranspose.IsSupported)
                {
                    int kc8 = kc / 8 * 8;
                    for (; j0 + 8 <= cols; j0 += 8)
                    {
                        float* s = b + ((long)(jc + jr + j0) * ldb) + pc;
                        for (int p = 0; p < kc8; p += 8)
                        {
                            PackTranspose.Transpose8x8(s + p, ldb, panel + (p * nr) + j0, nr);
                        }

                        for (int j = j0; j < j0 + 8; j++)
                        {
                            float* sj = b + ((long)(jc + jr + j) * ldb) + pc;
                            for (int p = kc8; p < kc; p++)
                            {
                                panel[(p * nr) + j] = sj[p];
                            }
                        }
                    }
                }

                for (int j = j0; j < cols; j++)
                {
                    float* s = b + ((long)(jc + jr + j) * ldb) + pc;
                    float* d = panel + j;
                    for (int p = 0; p < kc; p++)
                    {
                        d[p * nr] = s[p];
                    }
                }

                for (int j = cols; j < nr; j++)
                {
                    for (int p = 0; p < kc; p++)
                    {
                        panel[(p * nr) + j] = 0f;
                    }
                }
            }
            else
            {
                float* src = b + ((long)pc * ldb) + jc + jr;
                if (cols == 32 && nr == 32)
                {
                    for (int p = 0; p < kc; p++)
                    {
                        float* s = src + ((long)p * ldb);
                        float* d = panel + (p * 32);
                        Vector512.Store(Vector512.Load(s), d);
                        Vector512.Store(Vector512.Load(s + 16), d + 16);
                    }

                    continue;
                }

                long bytes = cols * sizeof(float);
                for (int p = 0; p < kc; p++)
                {
                    float* d = panel + (p * nr);
                    Buffer.MemoryCopy(src + ((long)p * ldb), d, bytes, bytes);
                    for (int j = cols; j < nr; j++)
                    {
                        d[j] = 0f;
                    }
                }
            }
        }
    }
}

/// <summary>
/// Per-thread packing buffers, allocated once per thread on the pinned object heap (freed with the thread) and
/// aligned to 64 bytes; sized for the largest micro-kernel.
/// </summary>
internal sealed unsafe class GemmBuffers
{
    private const int MaxMc = 128;
    private const int MaxNc = 1024;
    private const int Align = 16; // floats (64 bytes)

    [ThreadStatic]
    private static GemmBuffers? _current;

    private readonly float[] _a = GC.AllocateUninitializedArray<float>((MaxMc * GemmDriver<Avx512Kernel>.KC) + Align, pinned: true);
    private readonly float[] _b = GC.AllocateUninitializedArray<float>((MaxNc * GemmDriver<Avx512Kernel>.KC) + Align, pinned: true);
    private readonly float[] _tile = GC.AllocateUninitializedArray<float>((8 * 32) + Align, pinned: true);

    private GemmBuffers()
    {
        A = Aligned(_a);
        B = Aligned(_b);
        Tile = Aligned(_tile);
    }

    /// <summary>Packed A block.</summary>
    public float* A { get; }

    /// <summary>Packed B block.</summary>
    public float* B { get; }

    /// <summary>One register tile for edge tiles.</summary>
    public float* Tile { get; }

    /// <summary>The calling thread's buffers.</summary>
    public static GemmBuffers ForCurrentThread() => _current ??= new GemmBuffers();

    private static float* Aligned(float[] array)
    {
        // The array is pinned for its lifetime, so its address is stable.
        nint p = (nint)Unsafe.AsPointer(ref array[0]);
        return (float*)((p + 63) & ~(nint)63);
    }
}
