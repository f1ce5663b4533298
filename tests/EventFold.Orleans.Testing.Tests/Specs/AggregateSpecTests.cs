using System.Text.Json;
using EventFold.Orleans.Testing.Tests.Domain;
using Xunit;

namespace EventFold.Orleans.Testing.Tests.Specs;

public sealed class AggregateSpecTests
{
    private static readonly ShelfAggregate Shelf = new();

    [Fact]
    public void Then_passes_for_the_expected_events_and_returns_the_state_after_them()
    {
        var state = Spec.For(Shelf)
            .Given(new Restocked("apple", 5))
            .When(new Take("apple", 2))
            .Then(new Taken("apple", 2));

        Assert.Equal(3, state.Units["apple"]);
    }

    [Fact]
    public void Given_accumulates_and_a_spec_without_given_starts_from_initial()
    {
        Spec.For(Shelf).When(new Restock("pear", 1)).Then(new Restocked("pear", 1));
        var spec = Spec.For(Shelf).Given(new Restocked("apple", 2)).Given([new Restocked("apple", 3), new Taken("apple", 1)]);

        Assert.Equal(4, spec.State.Units["apple"]);
        spec.When(new Take("apple", 4)).Then(new Taken("apple", 4), new Taken("apple", 0));
    }

    [Fact]
    public void ThenRejected_passes_for_the_code_and_returns_the_error()
    {
        var error = Spec.For(Shelf).Given(new Restocked("apple", 1)).When(new Take("apple", 2)).ThenRejected("shelf.short");

        Assert.Equal("Only 1 of apple left.", error.Message);
    }

    [Fact]
    public void A_different_event_fails_with_both_lists_as_json_and_the_index()
    {
        var failure = Assert.Throws<AggregateSpecException>(() => Spec.For(Shelf)
            .Given(new Restocked("apple", 5))
            .When(new Take("apple", 2))
            .Then(new Taken("apple", 3)));

        Assert.Contains("differ at index 0", failure.Message);
        Assert.Contains("expected [0] Taken {\"sku\":\"apple\",\"quantity\":3}", failure.Message);
        Assert.Contains("actual   [0] Taken {\"sku\":\"apple\",\"quantity\":2}", failure.Message);
        Assert.Contains("for the command Take {\"sku\":\"apple\",\"quantity\":2}", failure.Message);
    }

    [Fact]
    public void A_missing_event_fails_naming_the_counts_and_the_first_index_that_differs()
    {
        var failure = Assert.Throws<AggregateSpecException>(() => Spec.For(Shelf)
            .Given(new Restocked("apple", 2))
            .When(new Take("apple", 2))
            .Then(new Taken("apple", 2)));

        Assert.Contains("Expected 1 event(s) but the command produced 2; the first difference is at index 1.", failure.Message);
        Assert.Contains("[1] Taken {\"sku\":\"apple\",\"quantity\":0}", failure.Message);
    }

    [Fact]
    public void Same_json_of_another_event_type_is_a_difference()
    {
        var failure = Assert.Throws<AggregateSpecException>(() => Spec.For(Shelf)
            .Given(new Restocked("apple", 5))
            .When(new Take("apple", 1))
            .Then(new TakenBack("apple", 1)));

        Assert.Contains("expected [0] TakenBack {\"sku\":\"apple\",\"quantity\":1}", failure.Message);
        Assert.Contains("actual   [0] Taken {\"sku\":\"apple\",\"quantity\":1}", failure.Message);
    }

    [Fact]
    public void Expected_events_but_rejected_fails_with_the_error_and_the_expected_json()
    {
        var failure = Assert.Throws<AggregateSpecException>(() => Spec.For(Shelf).When(new Take("apple", 1)).Then(new Taken("apple", 1)));

        Assert.Contains("rejected: \"shelf.short\" (Only 0 of apple left.)", failure.Message);
        Assert.Contains("[0] Taken {\"sku\":\"apple\",\"quantity\":1}", failure.Message);
    }

    [Fact]
    public void Expected_a_rejection_but_accepted_fails_with_the_actual_events()
    {
        var failure = Assert.Throws<AggregateSpecException>(() => Spec.For(Shelf).When(new Restock("apple", 1)).ThenRejected("shelf.short"));

        Assert.Contains("Expected the command to be rejected with \"shelf.short\" but it was accepted", failure.Message);
        Assert.Contains("[0] Restocked {\"sku\":\"apple\",\"quantity\":1}", failure.Message);
    }

    [Fact]
    public void Another_rejection_code_fails_with_both_codes()
    {
        var failure = Assert.Throws<AggregateSpecException>(() => Spec.For(Shelf).When(new Take("apple", 0)).ThenRejected("shelf.short"));

        Assert.Contains("rejected with \"shelf.short\" but it was rejected with \"shelf.bad-quantity\"", failure.Message);
    }

    [Fact]
    public void Expecting_no_events_fails_when_there_are_some()
    {
        var failure = Assert.Throws<AggregateSpecException>(() => Spec.For(Shelf).When(new Restock("apple", 1)).Then());

        Assert.Contains("Expected:" + Environment.NewLine + "  (none)", failure.Message);
    }

    [Fact]
    public void A_given_event_apply_throws_on_fails_naming_the_event()
    {
        var failure = Assert.Throws<AggregateSpecException>(() => Spec.For(Shelf).Given(new Restocked("apple", 1), new Taken("apple", 2)).When(new Take("apple", 1)));

        Assert.Contains("ShelfAggregate.Apply threw InvalidOperationException on given event [1] Taken {\"sku\":\"apple\",\"quantity\":2}", failure.Message);
        Assert.IsType<InvalidOperationException>(failure.InnerException);
    }

    [Fact]
    public void Decide_throwing_fails_naming_the_command()
    {
        var failure = Assert.Throws<AggregateSpecException>(() => Spec.For(Shelf).When(new UnknownShelfCommand()));

        Assert.Contains("ShelfAggregate.Decide threw ArgumentOutOfRangeException for the command UnknownShelfCommand", failure.Message);
    }

    [Fact]
    public void The_apps_json_options_are_used_for_the_comparison_and_the_message()
    {
        var pascal = new JsonSerializerOptions { PropertyNamingPolicy = null };
        var failure = Assert.Throws<AggregateSpecException>(() => Spec.For(Shelf, pascal).When(new Restock("apple", 1)).Then(new Restocked("apple", 2)));

        Assert.Contains("Restocked {\"Sku\":\"apple\",\"Quantity\":2}", failure.Message);
        Assert.DoesNotContain("\"sku\"", failure.Message);
    }

    private sealed record UnknownShelfCommand : ShelfCommand;
}
