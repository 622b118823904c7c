using System.CommandLine;
using SweepCluster.Coordinator.Hocon;

namespace SweepCluster.Coordinator.Cli;

/// <summary>The coordinator's command line, runnable in-process: exit 0 on success, 2 on bad input or usage.</summary>
internal static class CliApp
{
    /// <summary>Exit code for a bad configuration file or bad command-line usage.</summary>
    public const int BadInput = 2;

    public static int Run(string[] args, TextWriter output, TextWriter error) =>
        RunAsync(args, new CliContext(output, error), CancellationToken.None).GetAwaiter().GetResult();

    public static async Task<int> RunAsync(string[] args, CliContext context, CancellationToken ct)
    {
        var root = new RootCommand("SweepCluster coordinator: plans and runs hyperparameter sweeps described in HOCON files.");
        foreach (var verb in CliVerbs.All)
        {
            root.Add(verb.Build(context));
        }

        var parse = root.Parse(WithDefaultVerb(args));
        if (parse.Errors.Count > 0)
        {
            foreach (var e in parse.Errors)
            {
                await context.Error.WriteLineAsync(e.Message);
            }

            await context.Error.WriteLineAsync("Run 'Coordinator --help' for usage.");
            return BadInput;
        }

        try
        {
            var config = new InvocationConfiguration { Output = context.Out, Error = context.Error, EnableDefaultExceptionHandler = false };
            return await parse.InvokeAsync(config, ct);
        }
        catch (ConfigException e)
        {
            await context.Error.WriteLineAsync(e.Message);
            return BadInput;
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            await context.Error.WriteLineAsync("cancelled");
            return 130;
        }
    }

    /// <summary><c>Coordinator sweep.hocon</c> means <c>Coordinator DEFAULT sweep.hocon</c>.</summary>
    internal static string[] WithDefaultVerb(string[] args)
    {
        if (args.Length == 0 || args[0].StartsWith('-') || CliVerbs.All.Any(v => v.Name == args[0]))
        {
            return args;
        }

        return [CliVerbs.DefaultVerb, .. args];
    }
}
