using System.Text;

namespace K8sAiops.Sandbox.Server.Discovery;

/// <summary>Just enough of the protocol buffers wire format to write messages made of strings and nested messages.</summary>
internal sealed class ProtobufWriter
{
    private readonly MemoryStream buffer = new();

    /// <summary>A length-delimited string field (wire type 2); empty strings are left out, as proto3 does.</summary>
    public ProtobufWriter String(int field, string value)
    {
        if (value.Length > 0)
        {
            Bytes(field, Encoding.UTF8.GetBytes(value));
        }

        return this;
    }

    /// <summary>A nested message field (wire type 2).</summary>
    public ProtobufWriter Message(int field, ProtobufWriter message) => Bytes(field, message.ToArray());

    public byte[] ToArray() => buffer.ToArray();

    private ProtobufWriter Bytes(int field, byte[] bytes)
    {
        Varint((ulong)((field << 3) | 2));
        Varint((ulong)bytes.Length);
        buffer.Write(bytes);
        return this;
    }

    private void Varint(ulong value)
    {
        while (value >= 0x80)
        {
            buffer.WriteByte((byte)(value | 0x80));
            value >>= 7;
        }

        buffer.WriteByte((byte)value);
    }
}
