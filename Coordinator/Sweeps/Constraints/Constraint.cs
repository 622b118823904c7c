using System.Text.Json;

namespace SweepCluster.Coordinator.Sweeps.Constraints;

/// <summary>A compiled constraint over the swept parameters: a point is planned only when it evaluates to true.</summary>
internal sealed class Constraint
{
    private readonly ConstraintExpression _expression;

    private Constraint(string text, ConstraintExpression expression)
    {
        Text = text;
        _expression = expression;
    }

    /// <summary>The expression as written.</summary>
    public string Text { get; }

    /// <summary>Parses <paramref name="text"/> and checks every name is in <paramref name="names"/>; throws <see cref="ConstraintException"/>.</summary>
    public static Constraint Compile(string text, IReadOnlyCollection<string> names)
    {
        var expression = ConstraintParser.Parse(text);
        foreach (var name in expression.Names())
        {
            if (!names.Contains(name))
            {
                var suggestion = Config.DidYouMean.Suggest(name, names);
                var column = text.IndexOf(name, StringComparison.Ordinal) + 1;
                throw new ConstraintException($"unknown name '{name}'{suggestion} (a constraint can use the swept parameters)", column);
            }
        }

        return new Constraint(text, expression);
    }

    /// <summary>Whether the point satisfies the constraint; throws <see cref="ConstraintException"/> on a type error.</summary>
    public bool IsSatisfiedBy(IReadOnlyDictionary<string, JsonElement> point)
    {
        var result = _expression.Evaluate(name => ToValue(point[name]));
        return result as bool? ?? throw new ConstraintException($"the expression gives {ConstraintExpression.TypeOf(result)}, not true or false");
    }

    public override string ToString() => Text;

    private static object ToValue(JsonElement e) => e.ValueKind switch
    {
        JsonValueKind.Number => e.GetDouble(),
        JsonValueKind.True => true,
        JsonValueKind.False => false,
        JsonValueKind.String => e.GetString()!,
        _ => e.ToString(),
    };
}
