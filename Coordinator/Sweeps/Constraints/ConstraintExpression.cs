using System.Globalization;

namespace SweepCluster.Coordinator.Sweeps.Constraints;

/// <summary>A constraint that cannot be parsed or evaluated; <see cref="Column"/> is 1-based within the expression (0 = none).</summary>
internal sealed class ConstraintException(string message, int column = 0) : Exception(message)
{
    public int Column { get; } = column;
}

/// <summary>A node of a constraint expression; values are <see cref="double"/>, <see cref="string"/> or <see cref="bool"/>.</summary>
internal abstract record ConstraintExpression
{
    public abstract object Evaluate(Func<string, object> lookup);

    /// <summary>The parameter names the expression reads.</summary>
    public abstract IEnumerable<string> Names();

    internal static string TypeOf(object value) => value switch
    {
        double => "a number",
        bool => "a boolean",
        _ => "a string",
    };
}

/// <summary>A literal.</summary>
internal sealed record LiteralExpression(object Value) : ConstraintExpression
{
    public override object Evaluate(Func<string, object> lookup) => Value;

    public override IEnumerable<string> Names() => [];
}

/// <summary>A parameter name.</summary>
internal sealed record NameExpression(string Name) : ConstraintExpression
{
    public override object Evaluate(Func<string, object> lookup) => lookup(Name);

    public override IEnumerable<string> Names() => [Name];
}

/// <summary><c>!x</c> or <c>-x</c>.</summary>
internal sealed record UnaryExpression(string Op, ConstraintExpression Operand) : ConstraintExpression
{
    public override object Evaluate(Func<string, object> lookup)
    {
        var v = Operand.Evaluate(lookup);
        return (Op, v) switch
        {
            ("!", bool b) => !b,
            ("-", double d) => -d,
            _ => throw new ConstraintException($"'{Op}' cannot be applied to {TypeOf(v)} ({Format(v)})"),
        };
    }

    public override IEnumerable<string> Names() => Operand.Names();

    internal static string Format(object v) => v switch
    {
        double d => d.ToString("R", CultureInfo.InvariantCulture),
        bool b => b ? "true" : "false",
        _ => $"'{v}'",
    };
}

/// <summary>A binary operator; <c>&amp;&amp;</c> and <c>||</c> short-circuit.</summary>
internal sealed record BinaryExpression(string Op, ConstraintExpression Left, ConstraintExpression Right) : ConstraintExpression
{
    public override object Evaluate(Func<string, object> lookup)
    {
        var l = Left.Evaluate(lookup);
        if (Op is "&&" or "||")
        {
            var lb = l as bool? ?? throw Mismatch(l, null);
            if (Op == "&&" ? !lb : lb)
            {
                return lb;
            }

            var r0 = Right.Evaluate(lookup);
            return r0 as bool? ?? throw Mismatch(l, r0);
        }

        var r = Right.Evaluate(lookup);
        if (Op == "==")
        {
            return Equals(l, r);
        }

        if (Op == "!=")
        {
            return !Equals(l, r);
        }

        if (l is not double a || r is not double b)
        {
            throw Mismatch(l, r);
        }

        return Op switch
        {
            "+" => a + b,
            "-" => a - b,
            "*" => a * b,
            "/" => a / b,
            "%" => a % b,
            "<" => a < b,
            "<=" => a <= b,
            ">" => a > b,
            ">=" => a >= b,
            _ => throw new ConstraintException($"unknown operator '{Op}'"),
        };
    }

    public override IEnumerable<string> Names() => Left.Names().Concat(Right.Names());

    private ConstraintException Mismatch(object l, object? r)
    {
        var need = Op is "&&" or "||" ? "booleans" : "numbers";
        var found = r is null ? $"{TypeOf(l)} ({UnaryExpression.Format(l)})"
            : $"{TypeOf(l)} ({UnaryExpression.Format(l)}) and {TypeOf(r)} ({UnaryExpression.Format(r)})";
        return new ConstraintException($"'{Op}' needs {need}, found {found}");
    }
}
