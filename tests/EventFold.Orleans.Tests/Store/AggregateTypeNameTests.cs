using EventFold.Orleans.Store;
using Xunit;

namespace EventFold.Orleans.Tests.Store;

public sealed class AggregateTypeNameTests
{
    [Theory]
    [InlineData("order")]
    [InlineData("bank-account")]
    [InlineData("a")]
    [InlineData("9")]
    [InlineData("order_line-2")]
    [InlineData("console")]
    [InlineData("com10")]
    public void Valid_names_are_accepted(string name)
    {
        Assert.True(AggregateTypeName.IsValid(name));
        Assert.Same(name, AggregateTypeName.Validate(name));
    }

    [Fact]
    public void Sixty_four_characters_is_the_limit()
    {
        Assert.True(AggregateTypeName.IsValid(new string('a', 64)));
        var e = Assert.Throws<InvalidAggregateTypeException>(() => AggregateTypeName.Validate(new string('a', 65)));
        Assert.Contains("65", e.Reason);
    }

    [Theory]
    [InlineData("", "empty")]
    [InlineData("Order", "start")]
    [InlineData("-order", "start")]
    [InlineData("_order", "start")]
    [InlineData("orDer", "U+0044")]
    [InlineData("order.v2", "U+002E")]
    [InlineData("order/x", "U+002F")]
    [InlineData("..", "start")]
    [InlineData("a b", "U+0020")]
    [InlineData("order\n", "U+000A")]
    [InlineData("ordér", "U+00E9")]
    [InlineData("nul", "Windows")]
    [InlineData("con", "Windows")]
    [InlineData("com1", "Windows")]
    [InlineData("lpt0", "Windows")]
    public void Invalid_names_are_rejected_with_the_reason(string name, string reasonPart)
    {
        Assert.False(AggregateTypeName.IsValid(name));
        var e = Assert.Throws<InvalidAggregateTypeException>(() => AggregateTypeName.Validate(name));
        Assert.Equal(name, e.AggregateType);
        Assert.Contains(reasonPart, e.Reason);
        Assert.IsAssignableFrom<ArgumentException>(e);
    }

    [Fact]
    public void Null_is_rejected_and_the_parameter_named()
    {
        string? aggregateType = null;
        var e = Assert.Throws<InvalidAggregateTypeException>(() => AggregateTypeName.Validate(aggregateType));
        Assert.Equal(nameof(aggregateType), e.ParamName);
        Assert.Null(e.AggregateType);
        Assert.False(AggregateTypeName.IsValid(null));
    }
}
