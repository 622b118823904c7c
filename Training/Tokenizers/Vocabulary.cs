namespace SweepCluster.Training.Tokenizers;

/// <summary>
/// Token ↔ id map: <c>&lt;pad&gt;</c> = 0, <c>&lt;unk&gt;</c> = 1, then tokens by descending frequency, ties by ordinal
/// string order (deterministic). Saved in the checkpoint as its token list.
/// </summary>
internal sealed class Vocabulary
{
    /// <summary>The padding token (id 0).</summary>
    public const string Pad = "<pad>";

    /// <summary>The unknown-token token (id 1).</summary>
    public const string Unk = "<unk>";

    /// <summary>Id of <see cref="Pad"/>.</summary>
    public const int PadId = 0;

    /// <summary>Id of <see cref="Unk"/>.</summary>
    public const int UnkId = 1;

    private readonly Dictionary<string, int> _ids;

    /// <summary>Creates a vocabulary from its token list (index = id); the first two must be the specials.</summary>
    public Vocabulary(IReadOnlyList<string> tokens)
    {
        if (tokens.Count < 2 || tokens[PadId] != Pad || tokens[UnkId] != Unk)
        {
            throw new ArgumentException($"a vocabulary starts with {Pad} and {Unk}", nameof(tokens));
        }

        Tokens = tokens;
        _ids = new Dictionary<string, int>(tokens.Count, StringComparer.Ordinal);
        for (int i = 0; i < tokens.Count; i++)
        {
            if (!_ids.TryAdd(tokens[i], i))
            {
                throw new ArgumentException($"duplicate vocabulary token '{tokens[i]}'", nameof(tokens));
            }
        }
    }

    /// <summary>The tokens; index = id.</summary>
    public IReadOnlyList<string> Tokens { get; }

    /// <summary>Number of ids, specials included.</summary>
    public int Count => Tokens.Count;

    /// <summary>
    /// Builds a vocabulary from token streams: tokens seen at least <paramref name="minFreq"/> times, most frequent
    /// first (ties by ordinal order), at most <paramref name="maxVocab"/> ids in total (0 = no limit).
    /// </summary>
    public static Vocabulary Build(IEnumerable<IEnumerable<string>> streams, int minFreq = 1, int maxVocab = 0)
    {
        var counts = new Dictionary<string, long>(StringComparer.Ordinal);
        foreach (IEnumerable<string> stream in streams)
        {
            foreach (string token in stream)
            {
                counts[token] = counts.GetValueOrDefault(token) + 1;
            }
        }

        IEnumerable<string> ordered = counts
            .Where(kv => kv.Value >= minFreq && kv.Key != Pad && kv.Key != Unk)
            .OrderByDescending(kv => kv.Value)
            .ThenBy(kv => kv.Key, StringComparer.Ordinal)
            .Select(kv => kv.Key);
        if (maxVocab > 0)
        {
            ordered = ordered.Take(Math.Max(0, maxVocab - 2));
        }

        return new Vocabulary([Pad, Unk, .. ordered]);
    }

    /// <summary>The id of <paramref name="token"/>, or <see cref="UnkId"/>.</summary>
    public int Id(string token) => _ids.TryGetValue(token, out int id) ? id : UnkId;

    /// <summary>The ids of <paramref name="tokens"/>.</summary>
    public int[] Encode(IReadOnlyList<string> tokens)
    {
        int[] ids = new int[tokens.Count];
        for (int i = 0; i < ids.Length; i++)
        {
            ids[i] = Id(tokens[i]);
        }

        return ids;
    }
}
