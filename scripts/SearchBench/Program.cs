using SweepCluster.SearchBench;

// Search benchmark: the three bars of issue 20, each in simulated time (not a test: figures are medians over seeds).
//   scripts/bench-search [--seeds N] [--only tpe|pbt|hyperband]
var seeds = 20;
string? only = null;
for (var i = 0; i + 1 < args.Length; i += 2)
{
    switch (args[i])
    {
        case "--seeds":
            seeds = int.Parse(args[i + 1], System.Globalization.CultureInfo.InvariantCulture);
            break;
        case "--only":
            only = args[i + 1];
            break;
        default:
            Console.Error.WriteLine($"unknown option {args[i]} (expected --seeds N, --only tpe|pbt|hyperband)");
            return 2;
    }
}

var o = Console.Out;
if (only == "tpe-tune")
{
    foreach (var st in new[] { 5, 8, 10 })
    foreach (var nc in new[] { 24, 48 })
    foreach (var g in new[] { 0.1, 0.15 })
    {
        o.WriteLine($"startup {st} cand {nc} gamma {g}");
        TpeBench.Run(seeds, o, new SweepCluster.Coordinator.Sweeps.Search.TpeSettings { NStartup = st, NCandidates = nc, Gamma = g }, 100);
    }
}

if (only is null or "tpe")
{
    TpeBench.Run(seeds, o);
}

if (only is null or "pbt")
{
    PbtBench.Run(3, o);
}

if (only == "hyperband-tune")
{
    foreach (var minT in new[] { 2.0, 3.0 })
    foreach (var eta in new[] { 3.0, 4.0 })
    foreach (var mt in new[] { 60, 90 })
    {
        HyperbandBench.Run(5, o, "examples/pa2-encoder.hocon", mt, eta, minT);
    }
}

if (only is null or "hyperband")
{
    // half the grid's points (Hyperband samples configurations), and for comparison all 90
    HyperbandBench.Run(5, o, "examples/pa2-encoder.hocon", 45, eta: 3, minT: 1);
    HyperbandBench.Run(5, o, "examples/pa2-encoder.hocon", 90, eta: 3, minT: 2);
}

return 0;
