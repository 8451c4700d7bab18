// JNI shim between io.smile.he.helib.HelibNative and HElib's BGV.
//
// Every native object lives in a registry keyed by an opaque 64-bit id: Java never holds a
// pointer, so a closed, freed, forged or foreign handle is a lookup miss (IllegalStateException),
// never a dereference. Every entry point catches every C++ exception and rethrows it as a Java
// exception; decoders walk HElib's binary format with bounds checks BEFORE HElib's own unchecked
// reader sees the bytes.
#include <jni.h>
// HElib's PubKey/SecKey readers rebuild a whole Context from the stream (seconds: the context
// build) only to compare it with the one given. The shim has already compared those bytes with
// its own context byte for byte, so it reads the key's remaining fields itself, which needs
// access to HElib's private key members: this one include sees them as public (same layout).
#include <sstream>
#include <vector>
#include <string>
#include <memory>
#include <iostream>
#include <mutex>
#include <any>
#include <helib/keySwitching.h>
#include <helib/EncodedPtxt.h>
#define private public
#include <helib/keys.h>
#undef private
#include <helib/helib.h>
#include <NTL/ZZ.h>
#include <NTL/ZZX.h>
#include <NTL/BasicThreadPool.h>
#include <atomic>
#include <chrono>
#include <cmath>
#include <cstring>
#include <memory>
#include <mutex>
#include <sstream>
#include <stdexcept>
#include <string>
#include <unordered_map>
#include <vector>

namespace {

// Thrown inside the shim; mapped to Java exception classes at the boundary.
struct JavaError : std::runtime_error {
  const char* cls;
  JavaError(const char* c, const std::string& m) : std::runtime_error(m), cls(c) {}
};
const char* HE = "io/smile/he/api/HeException";
const char* FMT = "io/smile/he/api/HeFormatException";
const char* ISE = "java/lang/IllegalStateException";
const char* IAE = "java/lang/IllegalArgumentException";

[[noreturn]] void fail(const char* cls, const std::string& m) { throw JavaError(cls, m); }

struct Ctx {
  std::unique_ptr<helib::Context> context;
  long n = 0, half = 0;
  long rowDim = -1, colDim = -1; // HElib hypercube dimensions: order 2 (row swap), order N/2
  std::vector<long> ctxtChain;   // ctxt prime indices, ascending: level l = first l+1
  std::vector<unsigned char> contextBytes;
  std::unique_ptr<helib::PubKey> emptyKey; // owner of ciphertexts read without keys
  helib::IndexSet levelSet(long level) const {
    helib::IndexSet s;
    for (long i = 0; i <= level; i++) s.insert(ctxtChain[i]);
    return s;
  }
  long levelOf(const helib::Ctxt& c) const {
    long k = 0;
    for (long i : ctxtChain) if (c.getPrimeSet().contains(i)) k++;
    return k == 0 ? 0 : k - 1;
  }
};
struct Sk { std::shared_ptr<Ctx> ctx; std::unique_ptr<helib::SecKey> key; };
struct Pk { std::shared_ptr<Ctx> ctx; std::unique_ptr<helib::PubKey> key; };
struct Ct {
  std::shared_ptr<Ctx> ctx; std::shared_ptr<void> keyOwner; std::unique_ptr<helib::Ctxt> c;
  // a copy bound to the last evaluator key it was used with (see rebound)
  std::mutex boundMutex; std::shared_ptr<void> boundOwner; std::unique_ptr<helib::Ctxt> bound;
};

enum Kind { K_CTX = 1, K_SK, K_PK, K_CT };
struct Entry { Kind kind; std::shared_ptr<void> obj; };

std::mutex regMutex;
std::unordered_map<jlong, Entry> registry;
std::atomic<jlong> nextId{0x5EED000000000001LL};

jlong put(Kind k, std::shared_ptr<void> o) {
  jlong id = nextId.fetch_add(7919);
  std::lock_guard<std::mutex> g(regMutex);
  registry[id] = Entry{k, std::move(o)};
  return id;
}
template <typename T> std::shared_ptr<T> get(jlong id, Kind k, const char* what) {
  std::lock_guard<std::mutex> g(regMutex);
  auto it = registry.find(id);
  if (it == registry.end()) fail(ISE, std::string(what) + " handle is closed or unknown");
  if (it->second.kind != k) fail(IAE, std::string("handle is not a ") + what);
  return std::static_pointer_cast<T>(it->second.obj);
}

// Turns whatever the body throws into a pending Java exception.
template <typename F, typename R> R guard(JNIEnv* env, R dflt, F body) {
  const char* cls = HE;
  std::string msg;
  try {
    return body();
  } catch (const JavaError& e) {
    cls = e.cls; msg = e.what();
  } catch (const std::bad_alloc&) {
    msg = "native out of memory";
  } catch (const std::exception& e) {
    msg = std::string("HElib: ") + e.what();
  } catch (...) {
    msg = "unknown native error";
  }
  if (!env->ExceptionCheck()) {
    jclass c = env->FindClass(cls);
    if (c) env->ThrowNew(c, msg.c_str());
  }
  return dflt;
}

std::vector<unsigned char> bytesOf(JNIEnv* env, jbyteArray a) {
  if (!a) fail(IAE, "null bytes");
  jsize n = env->GetArrayLength(a);
  std::vector<unsigned char> v(n);
  env->GetByteArrayRegion(a, 0, n, reinterpret_cast<jbyte*>(v.data()));
  return v;
}
jbyteArray toJava(JNIEnv* env, const std::string& s) {
  jbyteArray a = env->NewByteArray((jsize)s.size());
  if (!a) fail(HE, "cannot allocate result bytes");
  env->SetByteArrayRegion(a, 0, (jsize)s.size(), reinterpret_cast<const jbyte*>(s.data()));
  return a;
}
std::vector<long> longsOf(JNIEnv* env, jlongArray a) {
  if (!a) fail(IAE, "null values");
  jsize n = env->GetArrayLength(a);
  std::vector<jlong> v(n);
  env->GetLongArrayRegion(a, 0, n, v.data());
  return std::vector<long>(v.begin(), v.end());
}

// All randomness of one operation comes from the caller's SecureRandom bytes.
void reseed(JNIEnv* env, jbyteArray seed) {
  auto s = bytesOf(env, seed);
  if (s.size() < 32) fail(IAE, "seed must have at least 32 bytes");
  NTL::SetSeed(s.data(), (long)s.size());
  std::fill(s.begin(), s.end(), 0);
}

// Product slot (row r, column j) = index r*N/2 + j; HElib's own order is row-major over its
// hypercube dimensions, whichever of them is the order-2 one.
long helibIndex(const Ctx& c, long productIndex) {
  long r = productIndex / c.half, j = productIndex % c.half;
  return c.rowDim == 0 ? r * c.half + j : j * 2 + r;
}
std::vector<long> toHelibOrder(const Ctx& c, const std::vector<long>& v) {
  long t = c.context->getP();
  if ((long)v.size() > c.n) fail(IAE, std::to_string(v.size()) + " values do not fit in " + std::to_string(c.n) + " slots");
  std::vector<long> out(c.n, 0);
  for (size_t i = 0; i < v.size(); i++) {
    long x = v[i] % t;
    if (x < 0) x += t;
    out[helibIndex(c, (long)i)] = x;
  }
  return out;
}

// ---- bounded walker over HElib's binary format (the format of HElib 2.2's binio.cpp) ----
struct Walker {
  const unsigned char* p; size_t n, pos = 0;
  const Ctx& ctx;
  Walker(const std::vector<unsigned char>& b, const Ctx& c) : p(b.data()), n(b.size()), ctx(c) {}
  void need(size_t k, const char* what) {
    if (k > n - pos) fail(FMT, std::string("truncated at ") + what);
  }
  long i64(const char* what) { need(8, what); long v; std::memcpy(&v, p + pos, 8); pos += 8; return v; }
  int i32(const char* what) { need(4, what); int v; std::memcpy(&v, p + pos, 4); pos += 4; return v; }
  double f64(const char* what) { need(8, what); double v; std::memcpy(&v, p + pos, 8); pos += 8; return v; }
  void eye(const char* tag, const char* what) {
    need(4, what);
    if (std::memcmp(p + pos, tag, 4) != 0) fail(FMT, std::string("missing marker ") + what);
    pos += 4;
  }
  void header(char structId) {
    need(24, "header");
    static const unsigned char begin[4] = {'|', 'H', 'E', '['};
    static const unsigned char end[4] = {']', 'H', 'E', '|'};
    static const unsigned char ver[4] = {0, 0, 1, 0};
    if (std::memcmp(p + pos, begin, 4) || std::memcmp(p + pos + 20, end, 4) || std::memcmp(p + pos + 4, ver, 4))
      fail(FMT, "bad HElib header");
    if (p[pos + 12] != (unsigned char)structId) fail(FMT, "HElib header of another structure");
    pos += 24;
  }
  long count(long max, const char* what) {
    long c = i64(what);
    if (c < 0 || c > max) fail(FMT, std::string(what) + " count out of range");
    return c;
  }
  void xdouble(const char* what) {
    double m = f64(what); long e = i64(what);
    if (!std::isfinite(m) || m < 0 || e < -(1L << 40) || e > (1L << 40)) fail(FMT, std::string(what) + " out of range");
  }
  helib::IndexSet indexSet(const char* what) {
    long c = count(ctx.context->numPrimes(), what);
    helib::IndexSet s; long prev = -1;
    for (long i = 0; i < c; i++) {
      long k = i64(what);
      if (k <= prev || k >= ctx.context->numPrimes()) fail(FMT, std::string(what) + ": prime index out of range");
      s.insert(k); prev = k;
    }
    return s;
  }
  helib::IndexSet dcrt(const char* what) {
    helib::IndexSet s = indexSet(what);
    long phim = ctx.context->getPhiM();
    for (long i : s) {
      int len = i32(what), sz = i32(what);
      if (len != phim || sz != 8) fail(FMT, std::string(what) + ": row of the wrong length");
      long q = ctx.context->ithPrime(i);
      need((size_t)len * 8, what);
      for (long j = 0; j < len; j++) {
        long v; std::memcpy(&v, p + pos + 8 * j, 8);
        if (v < 0 || v >= q) fail(FMT, std::string(what) + ": residue out of range");
      }
      pos += (size_t)len * 8;
    }
    return s;
  }
  void skHandle(const char* what) {
    long ps = i64(what), px = i64(what), id = i64(what);
    if (ps < 0 || ps > 3 || px < 1 || px >= 2 * ctx.n || id != 0) fail(FMT, std::string(what) + ": bad key handle");
  }
  // parts: allowed component counts; ctxt of a key may be empty (recryption key).
  // exchanged: a ciphertext sent between parties (plaintext space t); else part of a key
  void ctxt(long minParts, long maxParts, bool exchanged = true) {
    header(20);
    eye("|CX[", "ciphertext begin");
    long ptxt = i64("plaintext space");
    long f = i64("factor");
    if (exchanged) {
      if (ptxt != ctx.context->getP()) fail(FMT, "ciphertext of another plaintext modulus");
      if (f < 1 || f >= ptxt) fail(FMT, "ciphertext factor out of range");
    } else if (ptxt < 0 || ptxt > (1L << 62) || f < 0 || f > (1L << 62)) {
      fail(FMT, "key ciphertext fields out of range");
    }
    xdouble("magnitude"); xdouble("factor"); xdouble("noise bound");
    helib::IndexSet s = indexSet("prime set");
    if (!s.disjointFrom(ctx.context->getSpecialPrimes())) fail(FMT, "ciphertext over special primes");
    long parts = count(maxParts, "parts");
    if (parts < minParts) fail(FMT, "ciphertext has too few parts");
    if (parts > 0 && s.card() == 0) fail(FMT, "empty prime set");
    for (long i = 0; i < parts; i++) {
      if (dcrt("part") != s) fail(FMT, "part over another prime set");
      skHandle("part");
    }
    eye("]CX|", "ciphertext end");
  }
  void context() {
    const auto& cb = ctx.contextBytes;
    need(cb.size(), "context");
    if (std::memcmp(p + pos, cb.data(), cb.size()) != 0) fail(FMT, "key made for another parameter set");
    pos += cb.size();
  }
  void longVector(long max, const char* what) {
    long c = count(max, what);
    need((size_t)c * 8, what); pos += (size_t)c * 8;
  }
  void pubKey() {
    header(10);
    eye("|PK[", "public key begin");
    context();
    ctxt(2, 2, false);
    longVector(8, "key bounds");
    long nks = count(4 * ctx.n + 16, "key-switching matrices");
    for (long k = 0; k < nks; k++) {
      eye("|KM[", "matrix begin");
      skHandle("matrix");
      long to = i64("matrix"), ps = i64("matrix");
      if (to != 0 || ps != ctx.context->getP()) fail(FMT, "matrix of another key or plaintext modulus");
      long cols = count(64, "matrix columns");
      for (long c = 0; c < cols; c++) dcrt("matrix column");
      long zb = i64("seed");
      if (zb <= 0 || zb > 64) fail(FMT, "seed length out of range");
      need((size_t)zb, "seed"); pos += (size_t)zb;
      xdouble("matrix noise");
      eye("]KM|", "matrix end");
    }
    long maps = count(8, "key-switch maps");
    for (long i = 0; i < maps; i++) {
      long c = count(2 * ctx.n, "key-switch map");
      for (long j = 0; j < c; j++) {
        long v = i64("key-switch map");
        if (v < -1 || v >= nks) fail(FMT, "key-switch map entry out of range");
      }
    }
    int len = i32("strategy"), sz = i32("strategy");
    if (len < 0 || len > 64 || sz != 8) fail(FMT, "strategy out of range");
    need((size_t)len * 8, "strategy"); pos += (size_t)len * 8;
    i64("recryption key id");
    ctxt(0, 2, false);
    eye("]PK|", "public key end");
  }
  // SecKey with its public part: HElib cannot rebuild the public key of a bare secret
  void secKey() {
    header(15);
    eye("|SK[", "secret key begin");
    pubKey();
    long c = count(1, "secret keys");
    if (c != 1) fail(FMT, "expected one secret key");
    if (dcrt("secret key") != (ctx.context->getCtxtPrimes() | ctx.context->getSpecialPrimes())) fail(FMT, "secret key over the wrong primes");
    eye("]SK|", "secret key end");
  }
  void done() { if (pos != n) fail(FMT, "trailing bytes"); }
};

long rawLong(std::istream& is) { long v = 0; is.read(reinterpret_cast<char*>(&v), 8); return v; }

// The fields of a PubKey after header, marker and context (all checked by the walker).
void readPubKeyFields(std::istream& is, helib::PubKey& pk, const helib::Context& context) {
  pk.pubEncrKey.read(is);
  long nb = rawLong(is);
  pk.skBounds.resize(nb);
  for (auto& b : pk.skBounds) is.read(reinterpret_cast<char*>(&b), 8);
  long nks = rawLong(is);
  pk.keySwitching.clear();
  for (long k = 0; k < nks; k++) pk.keySwitching.emplace_back(helib::KeySwitch::readFrom(is, context));
  long maps = rawLong(is);
  pk.keySwitchMap.assign(maps, {});
  for (auto& v : pk.keySwitchMap) {
    long c = rawLong(is);
    v.resize(c);
    for (auto& x : v) x = rawLong(is);
  }
  for (long i = (long)pk.skBounds.size() - 1; i >= 0; i--) pk.setKeySwitchMap(i);
  int len = 0, sz = 0;
  is.read(reinterpret_cast<char*>(&len), 4);
  is.read(reinterpret_cast<char*>(&sz), 4);
  pk.KS_strategy.SetLength(len);
  for (long i = 0; i < len; i++) pk.KS_strategy[i] = rawLong(is);
  pk.recryptKeyID = rawLong(is);
  pk.recryptEkey.read(is);
  char eye[4];
  is.read(eye, 4);
}

void skipHeaderAndContext(std::istream& is, const Ctx& c) {
  is.ignore(24 + 4 + (std::streamsize)c.contextBytes.size());
}

std::string str(const std::vector<unsigned char>& v) { return std::string(v.begin(), v.end()); }

std::shared_ptr<Ct> wrapCt(const std::shared_ptr<Ctx>& ctx, std::shared_ptr<void> owner, const helib::PubKey& pk,
                           const helib::Ctxt* from) {
  auto ct = std::make_shared<Ct>();
  ct->ctx = ctx; ct->keyOwner = std::move(owner);
  ct->c = std::make_unique<helib::Ctxt>(pk);
  if (from) *ct->c = *from;
  return ct;
}

std::shared_ptr<Ct> ctOf(jlong h, const std::shared_ptr<Ctx>& ctx) {
  auto c = get<Ct>(h, K_CT, "ciphertext");
  if (c->ctx != ctx) fail(IAE, "ciphertext belongs to another session");
  return c;
}

// Evaluation works on a copy bound to the evaluator's key: HElib key-switches with the key a
// ciphertext points to, and refuses to combine ciphertexts of different key objects. HElib
// cannot reassign that reference, so a ciphertext of another key object goes through its bytes.
std::unique_ptr<helib::Ctxt> rebound(Ct& a, const helib::PubKey& pk, const std::shared_ptr<void>& pkOwner) {
  auto c = std::make_unique<helib::Ctxt>(pk);
  if (&a.c->getPubKey() == &pk) {
    *c = *a.c;
    return c;
  }
  // the byte round trip once per (ciphertext, key); later uses copy the bound form
  std::lock_guard<std::mutex> g(a.boundMutex);
  if (!a.bound || &a.bound->getPubKey() != &pk) {
    auto b = std::make_unique<helib::Ctxt>(pk);
    std::stringstream ss;
    a.c->writeTo(ss);
    b->read(ss);
    a.bound = std::move(b);
    a.boundOwner = pkOwner;
  }
  *c = *a.bound;
  return c;
}

// Key switching leaves the special primes on a ciphertext; HElib drops them lazily. Dropping them
// at once keeps levels and serialized ciphertexts to the ciphertext primes.
void dropSpecial(helib::Ctxt& x) {
  const helib::IndexSet& sp = x.getContext().getSpecialPrimes();
  if (!x.getPrimeSet().disjointFrom(sp)) x.modDownToSet(x.getPrimeSet() / sp);
}

// Operands over different primes are both switched down to the primes they share.
void align(helib::Ctxt& x, helib::Ctxt& y) {
  dropSpecial(x); dropSpecial(y);
  if (x.getPrimeSet() != y.getPrimeSet()) {
    helib::IndexSet common = x.getPrimeSet() & y.getPrimeSet();
    if (common.card() == 0) fail(HE, "operands share no modulus prime");
    x.modDownToSet(common);
    y.modDownToSet(common);
  }
}

} // namespace


extern "C" {

// [N, t, ctBits, spBits, c, threads] -> context handle
JNIEXPORT jlong JNICALL Java_io_smile_he_helib_HelibNative_createContext(JNIEnv* env, jclass, jlong n, jlong t, jlong bits,
                                                                          jlong specialBits, jlong cols, jint threads) {
  return guard(env, (jlong)0, [&]() -> jlong {
    if (n < 1024 || n > 32768 || (n & (n - 1))) fail(HE, "ring degree must be a power of two in [1024, 32768]");
    if (t < 3 || (t - 1) % (2 * n) != 0 || !NTL::ProbPrime(NTL::ZZ(t))) fail(HE, "plaintext modulus must be a prime = 1 mod 2N");
    if (bits < 20 || bits > 2000 || specialBits < 0 || specialBits > 400 || cols < 1 || cols > 16) fail(HE, "modulus sizes out of range");
    if (threads > 0) NTL::SetNumThreads(threads);
    auto c = std::make_shared<Ctx>();
    helib::ContextBuilder<helib::BGV> b;
    b.m(2 * n).p(t).r(1).bits(bits).c(cols);
    if (specialBits > 0) b.bitsInSpecialPrimes(specialBits);
    c->context.reset(b.buildPtr());
    c->n = n; c->half = n / 2;
    const helib::PAlgebra& z = c->context->getZMStar();
    if (c->context->getNSlots() != n || z.numOfGens() != 2) fail(HE, "unexpected HElib slot structure");
    for (long d = 0; d < 2; d++) {
      if (z.OrderOf(d) == 2 && c->rowDim < 0) c->rowDim = d; else c->colDim = d;
    }
    if (c->rowDim < 0 || c->colDim < 0 || z.OrderOf(c->colDim) != n / 2) fail(HE, "unexpected HElib hypercube");
    for (long i : c->context->getCtxtPrimes()) c->ctxtChain.push_back(i);
    std::ostringstream os; c->context->writeTo(os);
    std::string s = os.str(); c->contextBytes.assign(s.begin(), s.end());
    c->emptyKey = std::make_unique<helib::PubKey>(*c->context);
    return put(K_CTX, c);
  });
}

// [log2 QP (ciphertext and special primes: the largest modulus any key uses), max level, generator of the N/2 dimension, HElib's own security estimate]
JNIEXPORT jdoubleArray JNICALL Java_io_smile_he_helib_HelibNative_contextInfo(JNIEnv* env, jclass, jlong h) {
  return guard(env, (jdoubleArray) nullptr, [&]() {
    auto c = get<Ctx>(h, K_CTX, "session");
    const helib::Context& k = *c->context;
    double info[4] = {k.logOfProduct(k.fullPrimes()) / std::log(2.0), (double)c->ctxtChain.size() - 1,
                      (double)k.getZMStar().ZmStarGen(c->colDim), k.securityLevel()};
    jdoubleArray a = env->NewDoubleArray(4);
    env->SetDoubleArrayRegion(a, 0, 4, info);
    return a;
  });
}

JNIEXPORT jbyteArray JNICALL Java_io_smile_he_helib_HelibNative_contextBytes(JNIEnv* env, jclass, jlong h) {
  return guard(env, (jbyteArray) nullptr, [&]() { return toJava(env, str(get<Ctx>(h, K_CTX, "session")->contextBytes)); });
}

JNIEXPORT void JNICALL Java_io_smile_he_helib_HelibNative_free(JNIEnv* env, jclass, jlong h) {
  guard(env, 0, [&]() {
    std::shared_ptr<void> keep; // destroyed outside the lock
    {
      std::lock_guard<std::mutex> g(regMutex);
      auto it = registry.find(h);
      if (it != registry.end()) { keep = it->second.obj; registry.erase(it); }
    }
    return 0;
  });
}

JNIEXPORT jlong JNICALL Java_io_smile_he_helib_HelibNative_liveHandles(JNIEnv* env, jclass) {
  std::lock_guard<std::mutex> g(regMutex);
  return (jlong)registry.size();
}

// Secret key; rotation steps null: HElib's default 1D matrices; else exactly those steps. Row swap always.
JNIEXPORT jlong JNICALL Java_io_smile_he_helib_HelibNative_generateSecretKey(JNIEnv* env, jclass, jlong h, jbyteArray seed) {
  return guard(env, (jlong)0, [&]() {
    auto c = get<Ctx>(h, K_CTX, "session");
    reseed(env, seed);
    auto sk = std::make_shared<Sk>();
    sk->ctx = c;
    sk->key = std::make_unique<helib::SecKey>(*c->context);
    sk->key->GenSecKey();
    return put(K_SK, sk);
  });
}

// Public key (encryption key only) or evaluation keys (with relinearization and rotation matrices).
JNIEXPORT jbyteArray JNICALL Java_io_smile_he_helib_HelibNative_exportPublic(JNIEnv* env, jclass, jlong skh, jboolean withEval,
                                                                              jintArray steps, jbyteArray seed) {
  return guard(env, (jbyteArray) nullptr, [&]() {
    auto sk = get<Sk>(skh, K_SK, "secret key");
    reseed(env, seed);
    helib::SecKey copy(*sk->key); // matrices go on a copy: the owner's key stays small
    if (withEval) {
      copy.GenKeySWmatrix(2, 1); // relinearization
      const helib::PAlgebra& z = sk->ctx->context->getZMStar();
      copy.GenKeySWmatrix(1, z.genToPow(sk->ctx->rowDim, 1));
      if (!steps) {
        // left rotations by powers of two: HElib composes every other rotation from them, at a
        // tenth of the size of its own addSome1DMatrices set
        for (long k = 1; k < sk->ctx->half; k <<= 1) copy.GenKeySWmatrix(1, z.genToPow(sk->ctx->colDim, sk->ctx->half - k));
      } else {
        jsize k = env->GetArrayLength(steps);
        std::vector<jint> s(k);
        env->GetIntArrayRegion(steps, 0, k, s.data());
        for (jint st : s) {
          long e = ((long)(-st) % sk->ctx->half + sk->ctx->half) % sk->ctx->half;
          if (e != 0) copy.GenKeySWmatrix(1, z.genToPow(sk->ctx->colDim, e));
        }
      }
      copy.setKeySwitchMap();
    }
    std::ostringstream os;
    static_cast<const helib::PubKey&>(copy).writeTo(os);
    return toJava(env, os.str());
  });
}

JNIEXPORT jlong JNICALL Java_io_smile_he_helib_HelibNative_readPublic(JNIEnv* env, jclass, jlong h, jbyteArray bytes) {
  return guard(env, (jlong)0, [&]() {
    auto c = get<Ctx>(h, K_CTX, "session");
    auto b = bytesOf(env, bytes);
    Walker w(b, *c); w.pubKey(); w.done();
    std::istringstream is(str(b));
    auto pk = std::make_shared<Pk>();
    pk->ctx = c;
    pk->key = std::make_unique<helib::PubKey>(*c->context);
    skipHeaderAndContext(is, *c);
    readPubKeyFields(is, *pk->key, *c->context);
    return put(K_PK, pk);
  });
}

JNIEXPORT jbyteArray JNICALL Java_io_smile_he_helib_HelibNative_exportSecret(JNIEnv* env, jclass, jlong skh) {
  return guard(env, (jbyteArray) nullptr, [&]() {
    auto sk = get<Sk>(skh, K_SK, "secret key");
    std::ostringstream os; sk->key->writeTo(os, false);
    return toJava(env, os.str());
  });
}

JNIEXPORT jlong JNICALL Java_io_smile_he_helib_HelibNative_readSecret(JNIEnv* env, jclass, jlong h, jbyteArray bytes, jbyteArray seed) {
  return guard(env, (jlong)0, [&]() {
    auto c = get<Ctx>(h, K_CTX, "session");
    auto b = bytesOf(env, bytes);
    Walker w(b, *c); w.secKey(); w.done();
    std::istringstream is(str(b));
    std::fill(b.begin(), b.end(), 0);
    auto sk = std::make_shared<Sk>();
    sk->ctx = c;
    sk->key = std::make_unique<helib::SecKey>(*c->context);
    is.ignore(24 + 4); // SecKey header and marker; the PubKey part follows
    skipHeaderAndContext(is, *c);
    readPubKeyFields(is, *sk->key, *c->context);
    long nsk = rawLong(is);
    sk->key->sKeys.assign(nsk, helib::DoubleCRT(*c->context, helib::IndexSet::emptySet()));
    for (auto& d : sk->key->sKeys) d.read(is);
    return put(K_SK, sk);
  });
}

JNIEXPORT jlong JNICALL Java_io_smile_he_helib_HelibNative_encrypt(JNIEnv* env, jclass, jlong h, jlong keyh, jboolean secret,
                                                                    jlongArray values, jint level, jbyteArray seed) {
  return guard(env, (jlong)0, [&]() {
    auto c = get<Ctx>(h, K_CTX, "session");
    if (level < 0 || level >= (jint)c->ctxtChain.size()) fail(IAE, "level out of range");
    auto v = toHelibOrder(*c, longsOf(env, values));
    std::shared_ptr<void> owner; const helib::PubKey* pk; const helib::SecKey* sk = nullptr;
    if (secret) { auto s = get<Sk>(keyh, K_SK, "secret key"); owner = s; pk = s->key.get(); sk = s->key.get(); if (s->ctx != c) fail(IAE, "key of another session"); }
    else { auto p = get<Pk>(keyh, K_PK, "public key"); owner = p; pk = p->key.get(); if (p->ctx != c) fail(IAE, "key of another session"); }
    reseed(env, seed);
    NTL::ZZX poly;
    c->context->getEA().encode(poly, v);
    auto ct = wrapCt(c, owner, *pk, nullptr);
    if (sk) sk->Encrypt(*ct->c, poly); else pk->Encrypt(*ct->c, poly);
    ct->c->modDownToSet(c->levelSet(level));
    return put(K_CT, ct);
  });
}

JNIEXPORT jlongArray JNICALL Java_io_smile_he_helib_HelibNative_decrypt(JNIEnv* env, jclass, jlong h, jlong skh, jlong cth) {
  return guard(env, (jlongArray) nullptr, [&]() {
    auto c = get<Ctx>(h, K_CTX, "session");
    auto sk = get<Sk>(skh, K_SK, "secret key");
    auto ct = ctOf(cth, c);
    std::vector<long> hv;
    c->context->getEA().decrypt(*ct->c, *sk->key, hv);
    long t = c->context->getP();
    std::vector<jlong> out(c->n);
    for (long i = 0; i < c->n; i++) {
      long x = hv[helibIndex(*c, i)] % t;
      if (x < 0) x += t;
      out[i] = x > t / 2 ? x - t : x;
    }
    jlongArray a = env->NewLongArray(c->n);
    env->SetLongArrayRegion(a, 0, c->n, out.data());
    return a;
  });
}

// Remaining bits between the raw decryption's largest coefficient and q/2.
JNIEXPORT jint JNICALL Java_io_smile_he_helib_HelibNative_noiseBudget(JNIEnv* env, jclass, jlong h, jlong skh, jlong cth) {
  return guard(env, (jint)0, [&]() {
    auto c = get<Ctx>(h, K_CTX, "session");
    auto sk = get<Sk>(skh, K_SK, "secret key");
    auto ct = ctOf(cth, c);
    NTL::ZZX m, f;
    sk->key->Decrypt(m, *ct->c, f);
    NTL::ZZ mx(0);
    for (long i = 0; i <= NTL::deg(f); i++) { NTL::ZZ a = NTL::abs(NTL::coeff(f, i)); if (a > mx) mx = a; }
    double logq = c->context->logOfProduct(ct->c->getPrimeSet()) / std::log(2.0);
    double lognoise = NTL::IsZero(mx) ? 0 : NTL::log(mx) / std::log(2.0);
    double budget = logq - 1 - lognoise - 1; // one bit of margin: at the limit, wrap-around starts
    return (jint)(budget < 0 ? 0 : std::floor(budget));
  });
}

JNIEXPORT jint JNICALL Java_io_smile_he_helib_HelibNative_level(JNIEnv* env, jclass, jlong h, jlong cth) {
  return guard(env, (jint)0, [&]() { auto c = get<Ctx>(h, K_CTX, "session"); return (jint)c->levelOf(*ctOf(cth, c)->c); });
}

JNIEXPORT jlong JNICALL Java_io_smile_he_helib_HelibNative_ctLevel(JNIEnv* env, jclass, jlong cth) {
  return guard(env, (jlong)0, [&]() { auto ct = get<Ct>(cth, K_CT, "ciphertext"); return (jlong)ct->ctx->levelOf(*ct->c); });
}

// op codes: 0 add, 1 sub, 2 multiply+relin, 3 multiply no relin, 4 relinearize(a)
JNIEXPORT jlong JNICALL Java_io_smile_he_helib_HelibNative_binary(JNIEnv* env, jclass, jlong h, jlong pkh, jint op, jlong ah, jlong bh) {
  return guard(env, (jlong)0, [&]() {
    auto c = get<Ctx>(h, K_CTX, "session");
    auto pk = get<Pk>(pkh, K_PK, "evaluation key");
    auto a = ctOf(ah, c);
    auto x = rebound(*a, *pk->key, pk);
    if (op == 4) {
      x->reLinearize();
    } else {
      auto b = ctOf(bh, c);
      auto y = rebound(*b, *pk->key, pk);
      align(*x, *y);
      switch (op) {
        case 0: *x += *y; break;
        case 1: *x -= *y; break;
        case 2: x->multiplyBy(*y); break;
        case 3: x->multLowLvl(*y); break;
        default: fail(IAE, "unknown operation");
      }
    }
    if (op != 3) dropSpecial(*x);
    auto out = wrapCt(c, pk, *pk->key, x.get());
    return put(K_CT, out);
  });
}

// op codes: 0 add plain, 1 multiply plain, 2 add scalar (values[0]), 3 multiply scalar, 4 negate
JNIEXPORT jlong JNICALL Java_io_smile_he_helib_HelibNative_plain(JNIEnv* env, jclass, jlong h, jlong pkh, jint op, jlong ah, jlongArray values) {
  return guard(env, (jlong)0, [&]() {
    auto c = get<Ctx>(h, K_CTX, "session");
    auto pk = get<Pk>(pkh, K_PK, "evaluation key");
    auto a = ctOf(ah, c);
    auto x = rebound(*a, *pk->key, pk);
    long t = c->context->getP();
    if (op == 0 || op == 1) {
      NTL::ZZX poly;
      c->context->getEA().encode(poly, toHelibOrder(*c, longsOf(env, values)));
      if (op == 0) x->addConstant(poly); else x->multByConstant(poly);
    } else if (op == 2 || op == 3) {
      auto v = longsOf(env, values);
      if (v.size() != 1) fail(IAE, "one scalar expected");
      long s = v[0] % t; if (s < 0) s += t;
      if (op == 2) x->addConstant(NTL::ZZ(s)); else x->multByConstant(NTL::ZZ(s > t / 2 ? s - t : s));
    } else if (op == 4) {
      x->negate();
    } else fail(IAE, "unknown operation");
    return put(K_CT, wrapCt(c, pk, *pk->key, x.get()));
  });
}

// Rotation of both rows left by step (slot j receives slot j+step); swapRows: exchange the rows.
JNIEXPORT jlong JNICALL Java_io_smile_he_helib_HelibNative_rotate(JNIEnv* env, jclass, jlong h, jlong pkh, jlong ah, jint step, jboolean swapRows) {
  return guard(env, (jlong)0, [&]() {
    auto c = get<Ctx>(h, K_CTX, "session");
    auto pk = get<Pk>(pkh, K_PK, "evaluation key");
    auto x = rebound(*ctOf(ah, c), *pk->key, pk);
    const helib::EncryptedArray& ea = c->context->getEA();
    if (swapRows) ea.rotate1D(*x, c->rowDim, 1);
    else {
      long e = ((long)(-step) % c->half + c->half) % c->half;
      if (e != 0) ea.rotate1D(*x, c->colDim, e);
    }
    dropSpecial(*x);
    return put(K_CT, wrapCt(c, pk, *pk->key, x.get()));
  });
}

// The cost of HElib alone, for the JNI-overhead figure: the operation repeated inside C++ on
// copies of operands already bound to the evaluator key (no JNI crossing, no handle registry, no
// result handle per call), mean nanoseconds per call. op: 0 the copy alone, 1 copy + multiply +
// relinearize, 2 copy + rotate by one, 3 copy + add. The API's time for the same operation minus
// this is what the boundary costs (JNI call, registry look-ups, the copy's allocation, the handle).
JNIEXPORT jdouble JNICALL Java_io_smile_he_helib_HelibNative_timeInside(JNIEnv* env, jclass, jlong h, jlong pkh, jint op,
                                                                         jlong ah, jlong bh, jint iterations) {
  return guard(env, (jdouble)0, [&]() {
    if (iterations < 1 || iterations > 1000) fail(IAE, "iterations out of range");
    if (op < 0 || op > 3) fail(IAE, "unknown operation");
    auto c = get<Ctx>(h, K_CTX, "session");
    auto pk = get<Pk>(pkh, K_PK, "evaluation key");
    auto a = rebound(*ctOf(ah, c), *pk->key, pk);
    auto b = rebound(*ctOf(bh, c), *pk->key, pk);
    align(*a, *b);
    const helib::EncryptedArray& ea = c->context->getEA();
    helib::Ctxt x(*pk->key);
    auto start = std::chrono::steady_clock::now();
    for (jint i = 0; i < iterations; i++) {
      x = *a;
      switch (op) {
        case 1: x.multiplyBy(*b); dropSpecial(x); break;
        case 2: ea.rotate1D(x, c->colDim, c->half - 1); dropSpecial(x); break;
        case 3: x += *b; break;
        default: break;
      }
    }
    auto ns = std::chrono::duration_cast<std::chrono::nanoseconds>(std::chrono::steady_clock::now() - start).count();
    return (jdouble)ns / iterations;
  });
}

JNIEXPORT jlong JNICALL Java_io_smile_he_helib_HelibNative_modSwitch(JNIEnv* env, jclass, jlong h, jlong ah, jint level) {
  return guard(env, (jlong)0, [&]() {
    auto c = get<Ctx>(h, K_CTX, "session");
    auto a = ctOf(ah, c);
    if (level < 0 || level > c->levelOf(*a->c)) fail(IAE, "cannot switch to level " + std::to_string(level));
    auto out = wrapCt(c, a->keyOwner, a->c->getPubKey(), a->c.get());
    out->c->modDownToSet(c->levelSet(level));
    return put(K_CT, out);
  });
}

// Adds a fresh public-key encryption of zero plus t * u, u uniform in [-2^floodBits, 2^floodBits).
JNIEXPORT jlong JNICALL Java_io_smile_he_helib_HelibNative_rerandomize(JNIEnv* env, jclass, jlong h, jlong pkh, jlong ah, jint floodBits, jbyteArray seed) {
  return guard(env, (jlong)0, [&]() {
    auto c = get<Ctx>(h, K_CTX, "session");
    auto pk = get<Pk>(pkh, K_PK, "public key");
    auto x = rebound(*ctOf(ah, c), *pk->key, pk);
    double logq = c->context->logOfProduct(x->getPrimeSet()) / std::log(2.0);
    long t = c->context->getP();
    if (floodBits < 1 || floodBits + std::log2((double)t) > logq - 2) fail(IAE, "t * 2^floodBits does not fit in a quarter of the ciphertext modulus");
    reseed(env, seed);
    helib::Ctxt zero(*pk->key);
    pk->key->Encrypt(zero, NTL::ZZX());
    zero.modDownToSet(x->getPrimeSet());
    NTL::ZZX flood;
    long phim = c->context->getPhiM();
    NTL::ZZ range = NTL::power2_ZZ(floodBits + 1), off = NTL::power2_ZZ(floodBits);
    for (long i = 0; i < phim; i++) NTL::SetCoeff(flood, i, (NTL::RandomBnd(range) - off) * t);
    zero.addConstant(flood, std::pow(2.0, floodBits) * t);
    *x += zero;
    return put(K_CT, wrapCt(c, pk, *pk->key, x.get()));
  });
}

JNIEXPORT jbyteArray JNICALL Java_io_smile_he_helib_HelibNative_writeCiphertext(JNIEnv* env, jclass, jlong cth) {
  return guard(env, (jbyteArray) nullptr, [&]() {
    auto ct = get<Ct>(cth, K_CT, "ciphertext");
    std::ostringstream os; ct->c->writeTo(os);
    return toJava(env, os.str());
  });
}

JNIEXPORT jlong JNICALL Java_io_smile_he_helib_HelibNative_readCiphertext(JNIEnv* env, jclass, jlong h, jbyteArray bytes) {
  return guard(env, (jlong)0, [&]() {
    auto c = get<Ctx>(h, K_CTX, "session");
    auto b = bytesOf(env, bytes);
    Walker w(b, *c); w.ctxt(2, 2); w.done();
    std::istringstream is(str(b));
    auto ct = wrapCt(c, nullptr, *c->emptyKey, nullptr);
    ct->c->read(is);
    if (c->levelOf(*ct->c) < 0) fail(FMT, "ciphertext level out of range");
    return put(K_CT, ct);
  });
}

} // extern "C"
