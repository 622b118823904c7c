using System.Text.Json;

namespace SweepCluster.Training.Command;

/// <summary>The <c>command</c> task's keys of a trial's settings.</summary>
internal sealed record CommandSettings
{
    /// <summary>Program and its fixed arguments (<c>command = ["python3", "train.py"]</c>); a string runs through <c>/bin/sh -c</c>.</summary>
    public IReadOnlyList<string> Command { get; init; } = [];

    /// <summary>Directory the program starts in (null: the worker's current directory).</summary>
    public string? WorkingDir { get; init; }

    /// <summary>Extra environment variables for the program.</summary>
    public IReadOnlyDictionary<string, string> Env { get; init; } = new Dictionary<string, string>();

    /// <summary>Wall-clock limit of one attempt (null: none); reaching it fails the attempt.</summary>
    public TimeSpan? Timeout { get; init; }

    /// <summary>Time between SIGTERM and SIGKILL when the attempt is stopped, timed out or cancelled.</summary>
    public TimeSpan StopGrace { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>Whether the parameters are also passed as <c>--name=value</c> arguments (they are always in SWEEP_PARAMS).</summary>
    public bool PassArgs { get; init; } = true;

    /// <summary>Reads the keys from the merged settings object; throws <see cref="FormatException"/> naming the key at fault.</summary>
    public static CommandSettings FromJson(JsonElement settings)
    {
        if (settings.ValueKind != JsonValueKind.Object)
            throw new FormatException("trial: expected an object of settings");
        var result = new CommandSettings();
        if (!settings.TryGetProperty("command", out var command))
            throw new FormatException("trial.command: missing (e.g. command = [\"python3\", \"train.py\"])");
        result = result with { Command = ReadCommand(command) };
        if (settings.TryGetProperty("working_dir", out var dir) && dir.ValueKind != JsonValueKind.Null)
            result = result with { WorkingDir = ReadString(dir, "trial.working_dir") };
        if (settings.TryGetProperty("env", out var env) && env.ValueKind != JsonValueKind.Null)
            result = result with { Env = ReadEnv(env) };
        if (settings.TryGetProperty("timeout", out var timeout) && timeout.ValueKind != JsonValueKind.Null)
        {
            var limit = DurationParser.Parse(timeout, "trial.timeout");
            if (limit <= TimeSpan.Zero)
                throw new FormatException("trial.timeout: must be positive (leave it out for no limit)");
            result = result with { Timeout = limit };
        }

        if (settings.TryGetProperty("stop_grace", out var grace) && grace.ValueKind != JsonValueKind.Null)
            result = result with { StopGrace = DurationParser.Parse(grace, "trial.stop_grace") };
        if (settings.TryGetProperty("pass_args", out var passArgs) && passArgs.ValueKind != JsonValueKind.Null)
        {
            result = result with
            {
                PassArgs = passArgs.ValueKind switch
                {
                    JsonValueKind.True => true,
                    JsonValueKind.False => false,
                    JsonValueKind.String when bool.TryParse(passArgs.GetString(), out var b) => b,
                    _ => throw new FormatException($"trial.pass_args: expected true or false, got {passArgs.GetRawText()}"),
                },
            };
        }

        return result;
    }

    private static IReadOnlyList<string> ReadCommand(JsonElement command)
    {
        if (command.ValueKind == JsonValueKind.String)
        {
            var line = command.GetString()!;
            if (string.IsNullOrWhiteSpace(line))
                throw new FormatException("trial.command: empty");
            return ["/bin/sh", "-c", line + " \"$@\"", "sh"];
        }

        if (command.ValueKind != JsonValueKind.Array || command.GetArrayLength() == 0)
            throw new FormatException($"trial.command: expected a non-empty list such as [\"python3\", \"train.py\"], got {command.GetRawText()}");
        var parts = new List<string>();
        var i = 0;
        foreach (var item in command.EnumerateArray())
        {
            parts.Add(ScalarText(item) ?? throw new FormatException($"trial.command[{i}]: expected a string, got {item.GetRawText()}"));
            i++;
        }

        if (parts[0].Length == 0)
            throw new FormatException("trial.command[0]: empty program name");
        return parts;
    }

    private static Dictionary<string, string> ReadEnv(JsonElement env)
    {
        if (env.ValueKind != JsonValueKind.Object)
            throw new FormatException($"trial.env: expected an object of NAME = value, got {env.GetRawText()}");
        var result = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var property in env.EnumerateObject())
        {
            if (property.Name.Length == 0 || property.Name.Contains('='))
                throw new FormatException($"trial.env.{property.Name}: not a valid variable name");
            result[property.Name] = ScalarText(property.Value)
                ?? throw new FormatException($"trial.env.{property.Name}: expected a string, number or boolean");
        }

        return result;
    }

    private static string ReadString(JsonElement value, string key) =>
        value.ValueKind == JsonValueKind.String ? value.GetString()! : throw new FormatException($"{key}: expected a string, got {value.GetRawText()}");

    /// <summary>The text of a JSON scalar as a program sees it in an argument or variable; null for arrays and objects.</summary>
    public static string? ScalarText(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.String => value.GetString(),
        JsonValueKind.Number => value.GetRawText(),
        JsonValueKind.True => "true",
        JsonValueKind.False => "false",
        JsonValueKind.Null => "",
        _ => null,
    };
}
