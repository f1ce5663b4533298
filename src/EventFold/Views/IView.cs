namespace EventFold;

/// <summary>A derived view the writer can keep in step with rotation, independent of its state type.</summary>
/// <remarks>
/// Rotation (<see cref="EventWriter.Rotate"/>) first calls <see cref="Refresh"/> on every view so each has folded
/// the whole active log, then archives and truncates <c>app.jsonl</c>, then calls <see cref="ResetAfterRotation"/>.
/// </remarks>
public interface IView
{
    /// <summary>The view's name; its snapshot is <c>views/&lt;Name&gt;.snapshot.json</c>.</summary>
    string Name { get; }

    /// <summary>Folds every event not yet folded and saves the snapshot when something was folded.</summary>
    /// <param name="reader">The reader of the log the view folds.</param>
    void Refresh(EventReader reader);

    /// <summary>
    /// Called right after a rotation emptied <c>app.jsonl</c>: keeps the state, sets the offset to 0 and the hash to
    /// <c>""</c>, and saves the snapshot.
    /// </summary>
    void ResetAfterRotation();
}
