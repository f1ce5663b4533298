using System.Text.Json;

namespace EventFold.Benchmarks.Core;

/// <summary>The fold used by the read rows: the sum of <c>data.amount</c>, decoded cheaply with <see cref="Utf8JsonReader"/>.</summary>
public static class AmountFold
{
    /// <summary>Reads <c>amount</c> from a data object such as <c>{"amount":42}</c>; 0 when absent.</summary>
    public static long AmountOf(ReadOnlySpan<byte> data)
    {
        var reader = new Utf8JsonReader(data);
        if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
        {
            return 0;
        }

        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            if (reader.ValueTextEquals("amount"u8))
            {
                reader.Read();
                return reader.GetInt64();
            }

            reader.Read();
            reader.Skip();
        }

        return 0;
    }

    /// <summary>Checks a fold result, so a broken read cannot pass as a fast one.</summary>
    public static void Check(string what, long events, long expectedEvents, long sum, long expectedSum)
    {
        if (events != expectedEvents || sum != expectedSum)
        {
            throw new InvalidOperationException($"{what}: read {events} events summing {sum}, expected {expectedEvents} summing {expectedSum}");
        }
    }
}
