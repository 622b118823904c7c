namespace SweepCluster.Training.Kernels;

/// <summary>One GEMM call on raw pointers (valid while the caller keeps its operands fixed).</summary>
internal readonly unsafe struct GemmProblem(
    GemmIsa isa, bool transA, bool transB, int m, int n, int k,
    float* a, int lda, float* b, int ldb, float* c, int ldc, bool accumulate)
{
    public GemmIsa Isa { get; } = isa;

    public bool TransA { get; } = transA;

    public bool TransB { get; } = transB;

    public int M { get; } = m;

    public int N { get; } = n;

    public int K { get; } = k;

    public float* A { get; } = a;

    public int Lda { get; } = lda;

    public float* B { get; } = b;

    public int Ldb { get; } = ldb;

    public float* C { get; } = c;

    public int Ldc { get; } = ldc;

    public bool Accumulate { get; } = accumulate;

    /// <summary>Runs the whole product on the calling thread.</summary>
    public void Run() => RunPart(0, M, 0, N);

    /// <summary>Runs rows [row0, row0+rows) × columns [col0, col0+cols) of the output on the calling thread.</summary>
    public void RunPart(int row0, int rows, int col0, int cols)
    {
        float* a = TransA ? A + row0 : A + ((long)row0 * Lda);
        float* b = TransB ? B + ((long)col0 * Ldb) : B + col0;
        float* c = C + ((long)row0 * Ldc) + col0;
        switch (Isa)
        {
            case GemmIsa.Avx512:
                GemmDriver<Avx512Kernel>.Run(TransA, TransB, rows, cols, K, a, Lda, b, Ldb, c, Ldc, Accumulate);
                break;
            case GemmIsa.Avx2:
                GemmDriver<Avx2Kernel>.Run(TransA, TransB, rows, cols, K, a, Lda, b, Ldb, c, Ldc, Accumulate);
                break;
            default:
                GemmDriver<ScalarKernel>.Run(TransA, TransB, rows, cols, K, a, Lda, b, Ldb, c, Ldc, Accumulate);
                break;
        }
    }

    /// <summary>Tile sizes of the micro-kernel.</summary>
    public (int Mr, int Nr) Tile => Isa switch
    {
        GemmIsa.Avx512 => (Avx512Kernel.MR, Avx512Kernel.NR),
        GemmIsa.Avx2 => (Avx2Kernel.MR, Avx2Kernel.NR),
        _ => (ScalarKernel.MR, ScalarKernel.NR),
    };
}

/// <summary>
/// The parallel GEMM of one <see cref="ComputePool"/>: the output is cut into <see cref="ComputePool.Threads"/> strips
/// along its longer side (rows in multiples of MR, columns in multiples of NR), one per thread. The per-element arithmetic
/// is the same as single-threaded, so results are bitwise identical for any thread count. Allocation-free (cached delegate).
/// </summary>
internal sealed class GemmParallelJob
{
    private readonly Action<int> _body;
    private GemmProblem _problem;
    private int _parts;
    private bool _byRows;
    private int _unit;
    private int _busy;

    public GemmParallelJob() => _body = RunPart;

    /// <summary>Runs <paramref name="problem"/> across the pool; false when the job is already in use (the caller runs it alone).</summary>
    public bool TryRun(ComputePool pool, GemmProblem problem)
    {
        if (Interlocked.CompareExchange(ref _busy, 1, 0) != 0)
        {
            return false;
        }

        try
        {
            (int mr, int nr) = problem.Tile;
            _byRows = problem.M >= problem.N;
            _unit = _byRows ? mr : nr;
            int units = ((_byRows ? problem.M : problem.N) + _unit - 1) / _unit;
            if (units < 2)
            {
                return false;
            }

            _parts = Math.Min(pool.Threads, units);
            _problem = problem;
            pool.For(_parts, _body);
            return true;
        }
        finally
        {
            _problem = default;
            Volatile.Write(ref _busy, 0);
        }
    }

    private void RunPart(int part)
    {
        GemmProblem p = _problem;
        int extent = _byRows ? p.M : p.N;
        int units = (extent + _unit - 1) / _unit;
        int from = Math.Min(extent, ComputePool.RangeStart(part, _parts, units) * _unit);
        int to = Math.Min(extent, ComputePool.RangeStart(part + 1, _parts, units) * _unit);
        if (to <= from)
        {
            return;
        }

        if (_byRows)
        {
            p.RunPart(from, to - from, 0, p.N);
        }
        else
        {
            p.RunPart(0, p.M, from, to - from);
        }
    }
}
