namespace SweepCluster.Coordinator.Hocon;

/// <summary>A value during resolution; null stands for "undefined" (an optional substitution that found nothing).</summary>
internal abstract class RValue(HoconOrigin origin)
{
    public HoconOrigin Origin { get; } = origin;

    public abstract string TypeName { get; }
}

/// <summary>A resolved scalar.</summary>
internal sealed class RScalar(HoconScalar value) : RValue(value.Origin)
{
    public HoconScalar Value { get; } = value;

    public override string TypeName => Value.TypeName;
}

/// <summary>A list whose elements are resolved (objects inside stay lazy).</summary>
internal sealed class RArray(HoconOrigin origin, List<RValue> items) : RValue(origin)
{
    public List<RValue> Items { get; } = items;

    public override string TypeName => "list";
}

/// <summary>
/// An object merged from layers (object literals or other lazy objects, later layers win). Each key's value is folded
/// from its definitions only when asked for, so fields can refer to siblings and to earlier values of themselves.
/// </summary>
internal sealed class LazyObject(HoconOrigin origin, List<object> layers) : RValue(origin)
{
    private readonly Dictionary<string, Slot> _slots = [];
    private List<string>? _keys;

    public override string TypeName => "object";

    /// <summary>The keys in order of first appearance across the layers.</summary>
    public IReadOnlyList<string> Keys
    {
        get
        {
            if (_keys is null)
            {
                var seen = new HashSet<string>();
                _keys = [];
                foreach (var layer in layers)
                {
                    var keys = layer is ObjectNode o ? o.Fields.Select(f => f.Key) : ((LazyObject)layer).Keys;
                    _keys.AddRange(keys.Where(seen.Add));
                }
            }

            return _keys;
        }
    }

    /// <summary>Where <paramref name="key"/> was last written across the layers.</summary>
    public HoconOrigin? KeyOrigin(string key)
    {
        for (var i = layers.Count - 1; i >= 0; i--)
        {
            var origin = layers[i] is ObjectNode o ? o.KeyOrigins.GetValueOrDefault(key) : ((LazyObject)layers[i]).KeyOrigin(key);
            if (origin is not null)
            {
                return origin;
            }
        }

        return null;
    }

    public bool HasKey(string key) => layers.Exists(l => l is ObjectNode o ? o.HasKey(key) : ((LazyObject)l).HasKey(key));

    /// <summary>The definitions of <paramref name="key"/> in order (created on first use).</summary>
    public Slot GetSlot(string key)
    {
        if (!_slots.TryGetValue(key, out var slot))
        {
            var defs = new List<Definition>();
            foreach (var layer in layers)
            {
                if (layer is ObjectNode o)
                {
                    defs.AddRange(o.Fields.Where(f => f.Key == key).Select(f => new Definition(f.Value, null)));
                }
                else if (((LazyObject)layer).HasKey(key))
                {
                    defs.Add(new Definition(null, (LazyObject)layer));
                }
            }

            slot = new Slot(key, defs);
            _slots[key] = slot;
        }

        return slot;
    }
}

/// <summary>One definition of a key: a parsed node, or the same key of a lazy object merged underneath.</summary>
internal sealed record Definition(HoconNode? Node, LazyObject? Inner);

/// <summary>The definitions of one key of one lazy object, with per-definition resolution state.</summary>
internal sealed class Slot(string key, List<Definition> definitions)
{
    public string Key { get; } = key;

    public List<Definition> Definitions { get; } = definitions;

    /// <summary>0 = not started, 1 = in progress, 2 = done.</summary>
    public int[] States { get; } = new int[definitions.Count];

    public RValue?[] Values { get; } = new RValue?[definitions.Count];

    public bool Done { get; set; }

    public RValue? Final { get; set; }

    /// <summary>Index of the first definition being resolved, or -1.</summary>
    public int FirstInProgress() => Array.IndexOf(States, 1);
}
