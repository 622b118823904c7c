using System.Text;

namespace SweepCluster.Coordinator.Hocon;

/// <summary>Resolves substitutions and merges over a whole parsed document.</summary>
internal sealed class HoconResolver
{
    private readonly LazyObject _root;
    private readonly Func<string, string?>? _environment;
    private readonly bool _sandboxed;
    private readonly List<SubstitutionNode> _active = [];
    private readonly HashSet<LazyObject> _materializing = [];
    private bool _hitInProgress;

    private HoconResolver(ObjectNode root, Func<string, string?>? environment, bool sandboxed)
    {
        _root = new LazyObject(root.Origin, [root]);
        _environment = sandboxed ? null : environment;
        _sandboxed = sandboxed;
    }

    /// <summary>
    /// Resolves <paramref name="root"/>; <paramref name="environment"/> is the fallback for unresolved substitutions (null = off).
    /// <paramref name="sandboxed"/>: no environment, and a substitution not defined in the document is an error even when optional.
    /// </summary>
    public static HoconObject Resolve(ObjectNode root, Func<string, string?>? environment, bool sandboxed = false)
    {
        var resolver = new HoconResolver(root, environment, sandboxed);
        return (HoconObject)resolver.Materialize(resolver._root);
    }

    private RValue? Value(Slot slot)
    {
        if (slot.Done)
        {
            return slot.Final;
        }

        var inProgress = slot.FirstInProgress();
        if (inProgress >= 0)
        {
            // a self-reference: the value as defined before the definition being resolved
            var below = Fold(slot, inProgress);
            _hitInProgress |= below is null;
            return below;
        }

        var value = Fold(slot, slot.Definitions.Count);
        slot.Done = true;
        slot.Final = value;
        return value;
    }

    private RValue? Fold(Slot slot, int upTo)
    {
        var layers = new List<object>();
        for (var j = upTo - 1; j >= 0; j--)
        {
            var v = ResolveDefinition(slot, j);
            if (v is null)
            {
                continue;
            }

            if (v is LazyObject lo)
            {
                layers.Insert(0, lo);
                continue;
            }

            if (layers.Count == 0)
            {
                return v;
            }

            break;
        }

        return layers.Count switch
        {
            0 => null,
            1 => (LazyObject)layers[0],
            _ => new LazyObject(((LazyObject)layers[^1]).Origin, layers),
        };
    }

    private RValue? ResolveDefinition(Slot slot, int j)
    {
        if (slot.States[j] == 2)
        {
            return slot.Values[j];
        }

        var def = slot.Definitions[j];
        slot.States[j] = 1;
        var value = def.Node is not null ? Eval(def.Node) : Value(def.Inner!.GetSlot(slot.Key));
        slot.States[j] = 2;
        slot.Values[j] = value;
        return value;
    }

    private RValue? Eval(HoconNode node) => node switch
    {
        ObjectNode o => new LazyObject(o.Origin, [o]),
        ArrayNode a => new RArray(a.Origin, [.. a.Items.Select(Eval).OfType<RValue>()]),
        ScalarNode s => new RScalar(new HoconScalar(s.Origin, s.Kind, s.Text)),
        SubstitutionNode s => EvalSubstitution(s),
        ConcatNode c => EvalConcat(c),
        _ => throw new InvalidOperationException($"unknown node {node.GetType().Name}"),
    };

    private RValue? Lookup(IEnumerable<string> path)
    {
        RValue? current = _root;
        foreach (var key in path)
        {
            if (current is not LazyObject obj || !obj.HasKey(key))
            {
                return null;
            }

            current = Value(obj.GetSlot(key));
        }

        return current;
    }

    private RValue? EvalSubstitution(SubstitutionNode s)
    {
        var saved = _hitInProgress;
        _hitInProgress = false;
        _active.Add(s);
        try
        {
            var value = s.Prefix.Count > 0 ? Lookup(s.Prefix.Concat(s.Path)) : null;
            value ??= Lookup(s.Path);
            var cycle = _hitInProgress;
            if (value is null && _environment?.Invoke(string.Join('.', s.Path)) is { } env)
            {
                var origin = HoconOrigin.Environment(string.Join('.', s.Path));
                value = new RScalar(new HoconScalar(origin, HoconScalarKind.String, env));
            }

            if (value is null && _sandboxed && !cycle && !s.FromAppend)
            {
                throw ConfigException.At(s.Origin,
                    $"substitution {s} is not defined in this sweep; a sweep submitted over the network cannot read the coordinator's environment");
            }

            if (value is null && !s.Optional)
            {
                if (cycle)
                {
                    var chain = string.Join(" -> ", _active.Select(a => a.ToString()).Append(_active[0].ToString()));
                    throw ConfigException.At(s.Origin, $"substitution cycle: {chain}");
                }

                var where = _environment is null ? "the configuration" : "the configuration or the environment";
                throw ConfigException.At(s.Origin, $"could not resolve substitution {s}: not found in {where}");
            }

            return value;
        }
        finally
        {
            _active.RemoveAt(_active.Count - 1);
            _hitInProgress = saved;
        }
    }

    private RValue? EvalConcat(ConcatNode c)
    {
        // values and whitespace markers (null) in order; undefined optional substitutions drop out
        var sequence = new List<RValue?>();
        foreach (var part in c.Parts)
        {
            if (part is ScalarNode { IsWhitespace: true })
            {
                sequence.Add(null);
            }
            else if (Eval(part) is { } v)
            {
                sequence.Add(v);
            }
        }

        var values = sequence.OfType<RValue>().ToList();
        if (values.Count == 0)
        {
            // only undefined optional substitutions: no value, unless whitespace stood between them (then it is the string)
            var spaces = string.Concat(c.Parts.OfType<ScalarNode>().Where(p => p.IsWhitespace).Select(p => p.Text));
            return sequence.Count == 0 ? null : new RScalar(new HoconScalar(c.Origin, HoconScalarKind.String, spaces));
        }

        if (values.All(v => v is LazyObject))
        {
            return values.Count == 1 ? values[0] : new LazyObject(c.Origin, [.. values]);
        }

        if (values.All(v => v is RArray))
        {
            return new RArray(c.Origin, [.. values.SelectMany(v => ((RArray)v).Items)]);
        }

        var mixed = values.FirstOrDefault(v => v is not RScalar);
        if (mixed is not null)
        {
            var other = values.First(v => v.TypeName != mixed.TypeName && (v is RScalar || mixed is RScalar || v.GetType() != mixed.GetType()));
            throw ConfigException.At(c.Origin,
                $"cannot concatenate {other.TypeName} and {mixed.TypeName}: the values on one line must be all strings, all lists or all objects");
        }

        // whitespace between the parts is kept, also next to an undefined optional substitution
        var text = new StringBuilder();
        var keptSpace = false;
        for (var i = 0; i < sequence.Count; i++)
        {
            if (sequence[i] is RScalar scalar)
            {
                text.Append(scalar.Value.Text);
            }
            else
            {
                text.Append(WhitespaceText(c, i, sequence));
                keptSpace = true;
            }
        }

        return values.Count == 1 && !keptSpace
            ? values[0]
            : new RScalar(new HoconScalar(c.Origin, HoconScalarKind.String, text.ToString()));
    }

    private static string WhitespaceText(ConcatNode c, int index, List<RValue?> sequence)
    {
        // the index-th marker in the sequence corresponds to the n-th whitespace part of the node
        var n = sequence.Take(index).Count(v => v is null);
        return c.Parts.OfType<ScalarNode>().Where(p => p.IsWhitespace).ElementAt(n).Text;
    }

    private HoconValue Materialize(RValue value)
    {
        switch (value)
        {
            case RScalar s:
                return s.Value;
            case RArray a:
                return new HoconArray(a.Origin, [.. a.Items.Select(Materialize)]);
            case LazyObject o:
                if (!_materializing.Add(o))
                {
                    throw ConfigException.At(o.Origin, "substitution cycle: an object contains itself");
                }

                var fields = new OrderedDictionary<string, HoconValue>();
                var keyOrigins = new Dictionary<string, HoconOrigin>();
                foreach (var key in o.Keys)
                {
                    if (Value(o.GetSlot(key)) is { } v)
                    {
                        fields[key] = Materialize(v);
                        keyOrigins[key] = o.KeyOrigin(key) ?? v.Origin;
                    }
                }

                _materializing.Remove(o);
                return new HoconObject(o.Origin, fields, keyOrigins);
            default:
                throw new InvalidOperationException($"unknown value {value.GetType().Name}");
        }
    }
}
