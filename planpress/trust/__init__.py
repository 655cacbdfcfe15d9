"""Approvals and releases as standard detached CMS signatures by the person who gives them.

One job per module:

- `statement`: what is signed (an approval or release statement) and its canonical bytes;
- `p12`: open a person's PKCS#12 file (password asked, never on the command line);
- `cms`: make and read detached CMS SignedData over the statement bytes (integrity only);
- `chain`: the certificate's chain to the hospital's trust anchor, validity at signing time, key usage;
- `roster`: the roster of people allowed to sign (source/people.yaml), their public certificates
  and the trust anchor;
- `validate`: the full check of one signed statement against the roster and what it must say;
- `signing`: sign a statement as a roster person, refusing before anything is written;
- `paper`: approvals given on paper before electronic approval started;
- `keyscan`: no private key may ever sit in the sources;
- `certs`: small certificate helpers; `reasons`: every failure kind with its Chinese message.

Nothing here reads the document model: the integration passes plain values (number, version,
role, fingerprint), so this package stays independent of the document format.
"""
