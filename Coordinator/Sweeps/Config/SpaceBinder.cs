using System.Text.Json;
using SweepCluster.Coordinator.Hocon;
using SweepCluster.Coordinator.Sweeps.Constraints;

namespace SweepCluster.Coordinator.Sweeps.Config;

/// <summary>Binds <c>sweep.space</c> and <c>sweep.constraints</c>.</summary>
internal static class SpaceBinder
{
    private static readonly string[] DistributionKeys = ["choice", "uniform", "loguniform", "int"];

    /// <summary>The parameters in file order; names are checked against <paramref name="allowedNames"/> when given.</summary>
    public static IReadOnlyList<ParameterConfig> BindSpace(ConfigReader? space, IReadOnlyList<string>? allowedNames, SearchAlgorithm algorithm)
    {
        if (space is null)
        {
            return [];
        }

        var parameters = new List<ParameterConfig>();
        foreach (var (name, value) in space.Object.Fields)
        {
            var path = space.PathOf(name);
            if (allowedNames is not null && !allowedNames.Contains(name))
            {
                throw ConfigException.At(space.Object.KeyOrigin(name), $"{path}: unknown key{DidYouMean.Suggest(name, allowedNames)}");
            }

            var parameter = BindParameter(name, value, path);
            if (algorithm == SearchAlgorithm.Grid && !parameter.IsDiscrete)
            {
                var kind = parameter.Kind == DistributionKind.Uniform ? "uniform" : "loguniform";
                throw ConfigReader.Error(value, path,
                    $"{kind} is a continuous distribution and cannot be used in a grid search (give a list of values, or use search.algorithm = random)");
            }

            parameters.Add(parameter);
        }

        return parameters;
    }

    /// <summary>Compiles every constraint, rejecting names that are not swept parameters.</summary>
    public static IReadOnlyList<Constraint> BindConstraints(HoconArray? list, string path, IReadOnlyList<ParameterConfig> space)
    {
        if (list is null)
        {
            return [];
        }

        var names = space.Select(p => p.Name).ToList();
        var constraints = new List<Constraint>();
        for (var i = 0; i < list.Items.Count; i++)
        {
            var item = list.Items[i];
            var itemPath = $"{path}[{i}]";
            if (item is not HoconScalar { Kind: HoconScalarKind.String } s)
            {
                throw ConfigReader.Error(item, itemPath, $"expected a constraint expression (string), found {ConfigReader.Describe(item)}");
            }

            try
            {
                constraints.Add(Constraint.Compile(s.Text, names));
            }
            catch (ConstraintException e)
            {
                // point the caret into the quoted expression, at the column at fault
                var at = e.Column > 0 ? s.Origin with { Column = s.Origin.Column + e.Column } : s.Origin;
                throw ConfigException.At(at, $"{itemPath}: {e.Message} in \"{s.Text}\"");
            }
        }

        return constraints;
    }

    private static ParameterConfig BindParameter(string name, HoconValue value, string path)
    {
        if (value is HoconArray list)
        {
            return new ParameterConfig(name, DistributionKind.Choice) { Values = Choices(list, path) };
        }

        if (value is not HoconObject obj)
        {
            throw ConfigReader.Error(value, path,
                "expected a list of values or a distribution ({ choice = [...] }, { uniform = [a, b] }, { loguniform = [a, b] }, "
                + $"{{ int = [a, b], step = n }}), found {ConfigReader.Describe(value)}");
        }

        var reader = new ConfigReader(obj, path);
        var present = DistributionKeys.Where(k => obj[k] is not null).ToList();
        foreach (var key in DistributionKeys)
        {
            reader.Get(key);
        }

        var step = reader.Long("step", 1);
        reader.RejectUnknown();
        if (present.Count != 1)
        {
            throw ConfigReader.Error(value, path, present.Count == 0
                ? "expected one of choice, uniform, loguniform or int"
                : $"give one distribution, found {string.Join(" and ", present)}");
        }

        var kind = present[0];
        if (step is not null && kind != "int")
        {
            throw reader.Error("step", "step applies to int distributions only");
        }

        var argument = reader.List(kind) ?? throw reader.Error(kind, "expected a list");
        if (kind == "choice")
        {
            return new ParameterConfig(name, DistributionKind.Choice) { Values = Choices(argument, $"{path}.choice") };
        }

        var bounds = argument.Items.Select(i => (i as HoconScalar)?.AsDouble()).ToList();
        var shown = $"[{string.Join(", ", argument.Items.Select(i => (i as HoconScalar)?.Text ?? i.TypeName))}]";
        if (bounds.Count != 2 || bounds[0] is null || bounds[1] is null)
        {
            throw ConfigReader.Error(argument, $"{path}.{kind}", $"expected two numbers [low, high], found {shown}");
        }

        var (low, high) = (bounds[0]!.Value, bounds[1]!.Value);
        return kind switch
        {
            "uniform" when !(low < high) =>
                throw ConfigReader.Error(argument, $"{path}.uniform", $"bounds must satisfy low < high, found {shown}"),
            "loguniform" when !(low > 0 && low < high) =>
                throw ConfigReader.Error(argument, $"{path}.loguniform", $"bounds must satisfy 0 < low < high, found {shown}"),
            "int" when low != Math.Floor(low) || high != Math.Floor(high) || low > high =>
                throw ConfigReader.Error(argument, $"{path}.int", $"bounds must be integers with low <= high, found {shown}"),
            "uniform" => new ParameterConfig(name, DistributionKind.Uniform) { Low = low, High = high },
            "loguniform" => new ParameterConfig(name, DistributionKind.LogUniform) { Low = low, High = high },
            _ => new ParameterConfig(name, DistributionKind.Int) { Low = low, High = high, Step = step ?? 1 },
        };
    }

    private static List<JsonElement> Choices(HoconArray list, string path)
    {
        if (list.Items.Count == 0)
        {
            throw ConfigReader.Error(list, path, "expected at least one value, found an empty list");
        }

        var values = new List<JsonElement>();
        foreach (var item in list.Items)
        {
            if (item is not HoconScalar { Kind: not HoconScalarKind.Null })
            {
                throw ConfigReader.Error(item, path, $"values must be strings, numbers or booleans, found {ConfigReader.Describe(item)}");
            }

            values.Add(HoconJson.ToJsonElement(item));
        }

        var duplicate = values.GroupBy(v => v.GetRawText()).FirstOrDefault(g => g.Count() > 1);
        if (duplicate is not null)
        {
            throw ConfigReader.Error(list, path, $"value {duplicate.Key} is listed twice");
        }

        return values;
    }
}
