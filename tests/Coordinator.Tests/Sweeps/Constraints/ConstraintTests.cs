using System.Text.Json;
using SweepCluster.Coordinator.Sweeps.Constraints;

namespace SweepCluster.Coordinator.Tests.Sweeps.Constraints;

public sealed class ConstraintTests
{
    private static readonly string[] Names = ["layers", "heads", "d_model", "optimizer", "lr", "tied"];

    private static bool Eval(string text, string pointJson)
    {
        var point = JsonSerializer.Deserialize<Dictionary<string, JsonElement>>(pointJson)!;
        return Constraint.Compile(text, Names).IsSatisfiedBy(point);
    }

    [Theory]
    [InlineData("d_model % heads == 0", false)]
    [InlineData("layers * d_model <= 512", true)]
    [InlineData("1 + 2 * 3 == 7", true)]
    [InlineData("(1 + 2) * 3 == 9", true)]
    [InlineData("-layers < 0", true)]
    [InlineData("layers > 4 && heads > 4 || optimizer == 'adamw'", true)]
    [InlineData("!(optimizer == \"adamw\")", false)]
    [InlineData("optimizer != 'sgd' && lr < 1e-2", true)]
    [InlineData("tied == true", true)]
    [InlineData("d_model / heads >= 21.3", true)]
    public void IsSatisfiedBy_Expressions_EvaluateWithPrecedence(string text, bool expected)
    {
        Assert.Equal(expected, Eval(text, """{"layers":6,"heads":3,"d_model":64,"optimizer":"adamw","lr":0.001,"tied":true}"""));
    }

    [Fact]
    public void IsSatisfiedBy_FalseLeftOfAnd_RightSideNotEvaluated()
    {
        // the right side would be a type error; short-circuit never reaches it
        Assert.False(Eval("layers > 10 && optimizer * 2 > 1", """{"layers":6,"optimizer":"adamw"}"""));
    }

    [Fact]
    public void IsSatisfiedBy_NonBooleanResult_Throws()
    {
        var e = Assert.Throws<ConstraintException>(() => Eval("layers + 1", """{"layers":6}"""));

        Assert.Equal("the expression gives a number, not true or false", e.Message);
    }

    [Theory]
    [InlineData("layers <", "expected an operand, found the end of the expression")]
    [InlineData("(layers < 2", "expected ')' to close the '(' at column 1")]
    [InlineData("layers # 2", "unexpected character '#' at column 8")]
    [InlineData("layers 2", "unexpected '2' at column 8")]
    [InlineData("layer < 2", "unknown name 'layer' (did you mean layers?) (a constraint can use the swept parameters)")]
    [InlineData("'abc", "unterminated string starting at column 1")]
    public void Compile_BadExpression_ClearMessage(string text, string message)
    {
        var e = Assert.Throws<ConstraintException>(() => Constraint.Compile(text, Names));

        Assert.Equal(message, e.Message);
    }
}
