namespace EventFold.Orleans.Tests.Domain;

[GenerateSerializer]
public abstract record CounterCommand;

/// <summary>One <see cref="Added"/> per amount; the fold adds them with overflow checking.</summary>
[GenerateSerializer]
public sealed record AddAll([property: Id(0)] int[] Amounts) : CounterCommand;

/// <summary>Produces <see cref="Forgotten"/>, an event the fold has no case for.</summary>
[GenerateSerializer]
public sealed record Forget : CounterCommand;

/// <summary>Produces <paramref name="Count"/> notes of <paramref name="Size"/> characters each: large results and batches.</summary>
[GenerateSerializer]
public sealed record WriteNotes([property: Id(0)] int Count, [property: Id(1)] int Size) : CounterCommand;

/// <summary>A command whose (impure) decision scribbles on the state it is given, then rejects.</summary>
[GenerateSerializer]
public sealed record Scribble : CounterCommand;
