using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Json;
using SweepCluster.Messages;

namespace SweepCluster.Training.Command;

/// <summary>Builds the start info of one attempt's program: arguments and the <c>SWEEP_*</c> environment.</summary>
internal static class CommandLaunch
{
    /// <summary>
    /// The start info: <c>setsid /bin/sh -c SUPERVISOR sweep-supervisor program args... --name=value...</c> with the
    /// attempt's environment (see <see cref="Supervisor"/>); its standard input is the worker's lifeline pipe.
    /// </summary>
    public static ProcessStartInfo Build(TrialSpec spec, CommandSettings settings, string reportFile, string setsid)
    {
        var start = new ProcessStartInfo(setsid)
        {
            UseShellExecute = false,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            StandardOutputEncoding = Encoding.UTF8,
            StandardErrorEncoding = Encoding.UTF8,
        };
        if (settings.WorkingDir is { } dir)
            start.WorkingDirectory = Path.GetFullPath(dir);
        start.ArgumentList.Add("/bin/sh");
        start.ArgumentList.Add("-c");
        start.ArgumentList.Add(Supervisor.Script.ReplaceLineEndings("\n"));
        start.ArgumentList.Add(Supervisor.Name);
        foreach (var part in settings.Command)
            start.ArgumentList.Add(part);
        if (settings.PassArgs)
        {
            foreach (var (name, value) in spec.Parameters)
                start.ArgumentList.Add($"--{name}={CommandSettings.ScalarText(value) ?? value.GetRawText()}");
        }

        var env = start.Environment;
        env["OMP_NUM_THREADS"] = spec.Threads.ToString(CultureInfo.InvariantCulture);
        foreach (var (name, value) in settings.Env)
            env[name] = value;
        env["SWEEP_TRIAL_ID"] = spec.TrialId;
        env["SWEEP_SWEEP"] = spec.Sweep;
        env["SWEEP_ATTEMPT"] = spec.Attempt.ToString(CultureInfo.InvariantCulture);
        env["SWEEP_SEED"] = spec.Seed.ToString(CultureInfo.InvariantCulture);
        env["SWEEP_THREADS"] = spec.Threads.ToString(CultureInfo.InvariantCulture);
        env["SWEEP_PARAMS"] = ParametersJson(spec.Parameters);
        env["SWEEP_OBJECTIVE"] = spec.Objective.Metric;
        env["SWEEP_OBJECTIVE_MODE"] = spec.Objective.Mode == ObjectiveMode.Max ? "max" : "min";
        env["SWEEP_CHECKPOINT_DIR"] = Path.GetFullPath(spec.CheckpointDir);
        env["SWEEP_REPORT_FILE"] = Path.GetFullPath(reportFile);
        if (spec.ResumeFrom is { } resume)
            env["SWEEP_RESUME_DIR"] = Path.GetFullPath(resume);
        else
            env.Remove("SWEEP_RESUME_DIR");
        env["CUDA_VISIBLE_DEVICES"] = string.Join(',', spec.Gpus.Select(g => g.ToString(CultureInfo.InvariantCulture)));
        return start;
    }

    /// <summary>The parameters as one JSON object, in their order.</summary>
    public static string ParametersJson(IReadOnlyDictionary<string, JsonElement> parameters)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            foreach (var (name, value) in parameters)
            {
                writer.WritePropertyName(name);
                value.WriteTo(writer);
            }

            writer.WriteEndObject();
        }

        return Encoding.UTF8.GetString(buffer.ToArray());
    }
}
