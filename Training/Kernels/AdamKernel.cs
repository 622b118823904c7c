using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace SweepCluster.Training.Kernels;

/// <summary>The per-step constants of one Adam/AdamW update (as <c>torch.optim.Adam</c>/<c>AdamW</c> 1.13 compute them).</summary>
/// <param name="Beta1">First-moment decay β1.</param>
/// <param name="Beta2">Second-moment decay β2.</param>
/// <param name="OneMinusBeta1">1 − β1.</param>
/// <param name="OneMinusBeta2">1 − β2.</param>
/// <param name="StepSize">lr / (1 − β1ᵗ).</param>
/// <param name="Bc2Sqrt">√(1 − β2ᵗ).</param>
/// <param name="Eps">Denominator epsilon.</param>
/// <param name="L2">Adam's L2 weight decay added to the gradient (0 = none).</param>
/// <param name="Decay">AdamW's decoupled factor 1 − lr·wd applied to the parameter first (1 = none).</param>
internal readonly record struct AdamStep(
    float Beta1, float Beta2, float OneMinusBeta1, float OneMinusBeta2, float StepSize, float Bc2Sqrt, float Eps, float L2, float Decay);

/// <summary>
/// The Adam/AdamW element update, vectorized with exactly the scalar loop's operations and order (no fused multiply-add;
/// IEEE sqrt and division), so it is bitwise identical to <see cref="UpdateScalar"/>:
/// g' = g + L2·p (when L2 ≠ 0); p ·= Decay (when Decay ≠ 1); m = m·β1 + (1−β1)·g'; v = v·β2 + ((1−β2)·g')·g';
/// p −= StepSize·(m / (√v / Bc2Sqrt + eps)).
/// </summary>
internal static class AdamKernel
{
    /// <summary>Updates parameters <paramref name="p"/> and moments <paramref name="m"/>, <paramref name="v"/> in place.</summary>
    public static void Update(Span<float> p, ReadOnlySpan<float> g, Span<float> m, Span<float> v, in AdamStep s)
    {
        int n = p.Length;
        if (g.Length < n || m.Length < n || v.Length < n)
        {
            throw new ArgumentException("Adam: gradients and moments must be as long as the parameters.");
        }

        ref float pr = ref MemoryMarshal.GetReference(p);
        ref float gr = ref MemoryMarshal.GetReference(g);
        ref float mr = ref MemoryMarshal.GetReference(m);
        ref float vr = ref MemoryMarshal.GetReference(v);
        bool l2 = s.L2 != 0f;
        bool decay = s.Decay != 1f;
        var b1 = Vector512.Create(s.Beta1);
        var b2 = Vector512.Create(s.Beta2);
        var c1 = Vector512.Create(s.OneMinusBeta1);
        var c2 = Vector512.Create(s.OneMinusBeta2);
        var step = Vector512.Create(s.StepSize);
        var bc2 = Vector512.Create(s.Bc2Sqrt);
        var eps = Vector512.Create(s.Eps);
        var wd = Vector512.Create(s.L2);
        var dec = Vector512.Create(s.Decay);
        int i = 0;
        for (; i + VecMath.Width <= n; i += VecMath.Width)
        {
            nuint k = (nuint)i;
            Vector512<float> pv = Vector512.LoadUnsafe(ref pr, k);
            Vector512<float> gv = Vector512.LoadUnsafe(ref gr, k);
            if (l2)
            {
                gv += wd * pv;
            }

            if (decay)
            {
                pv *= dec;
            }

            Vector512<float> mv = (Vector512.LoadUnsafe(ref mr, k) * b1) + (c1 * gv);
            Vector512<float> vv = (Vector512.LoadUnsafe(ref vr, k) * b2) + (c2 * gv * gv);
            Vector512<float> denom = (Vector512.Sqrt(vv) / bc2) + eps;
            pv -= step * (mv / denom);
            mv.StoreUnsafe(ref mr, k);
            vv.StoreUnsafe(ref vr, k);
            pv.StoreUnsafe(ref pr, k);
        }

        UpdateScalar(p[i..], g[i..], m[i..], v[i..], s);
    }

    /// <summary>Scalar reference of <see cref="Update"/>.</summary>
    public static void UpdateScalar(Span<float> p, ReadOnlySpan<float> g, Span<float> m, Span<float> v, in AdamStep s)
    {
        bool l2 = s.L2 != 0f;
        bool decay = s.Decay != 1f;
        for (int i = 0; i < p.Length; i++)
        {
            float gi = l2 ? g[i] + (s.L2 * p[i]) : g[i];
            if (decay)
            {
                p[i] *= s.Decay;
            }

            m[i] = (m[i] * s.Beta1) + (s.OneMinusBeta1 * gi);
            v[i] = (v[i] * s.Beta2) + (s.OneMinusBeta2 * gi * gi);
            float denom = (MathF.Sqrt(v[i]) / s.Bc2Sqrt) + s.Eps;
            p[i] -= s.StepSize * (m[i] / denom);
        }
    }
}
