namespace EventFold.Orleans.ProcessManagers;

/// <summary>What one process manager's <c>dead-letters.jsonl</c> holds, read the way the runtime reads it.</summary>
/// <param name="Path">The file.</param>
/// <param name="Letters">Every letter, folded from its lines, in the order it was first written.</param>
/// <param name="DamagedLineOffsets">Byte offsets of complete lines that do not parse (the runtime skips them; the letters they held are lost to it).</param>
/// <param name="CompleteLength">Bytes up to the end of the last complete line the runtime keeps.</param>
/// <param name="TornBytes">Bytes of a torn last line after <paramref name="CompleteLength"/> (a crash mid-append; the runtime ignores and cuts them off).</param>
public sealed record DeadLetterFileContents(string Path, IReadOnlyList<DeadLetter> Letters, IReadOnlyList<long> DamagedLineOffsets, long CompleteLength, long TornBytes)
{
    /// <summary>The letters not resolved by a replay.</summary>
    public IEnumerable<DeadLetter> Unresolved => Letters.Where(l => !l.Resolved);
}
