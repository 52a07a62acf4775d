// Structs and classes as robotics, graphics and physics code writes them: a
// Vec3 with dot, norm, cross and operators (members and hidden friends), a
// quaternion rotating a point, particles and rigid bodies with nested
// structs, arrays of structs (`const Particle<T>* ps`, `ps[i].pos`), structs
// returned by helpers and inlined (in loops too), constructors with bodies,
// a class with private members and getters, structs carried by loops, merged
// by branches and chosen by ?:, and outputs through `State<T>* out` and
// `State<T>& out`. A struct is lowered member by member: a local `Vec3<T> c`
// becomes c_x, c_y, c_z, and the adjoint of a struct parameter is a pointer
// to the same struct (`Vec3<double>* d_a`, accumulated as `d_a->x +=`).
// The structs are class templates (Vec3<T>), so that one definition serves
// the float, double and long double instances of FUNCTIONS. Every gradient
// is checked against long double central differences, with the struct
// members packed into the oracle's flat array, and a struct output through
// <w, out> for fixed weights w.
//
// RUN: rm -rf %t && mkdir -p %t
// RUN: %adgen %s -o %t/structs.grad.h -- -std=c++17
// RUN: FileCheck %s < %t/structs.grad.h
// RUN: %cxx -I%t %s -o %t/gcc && %t/gcc | FileCheck %s --check-prefix=EXEC
// RUN: %clangxx -I%t %s -o %t/clang && %t/clang | FileCheck %s --check-prefix=EXEC

#include <adgen/adgen.h>
#include <cmath>

template <class T> struct Vec3 {
  T x, y, z;
  static Vec3 zero() { return {0, 0, 0}; }
  T dot(const Vec3 &o) const { return x * o.x + y * o.y + z * o.z; }
  T norm() const { return std::sqrt(dot(*this)); }
  Vec3 cross(const Vec3 &o) const {
    return {y * o.z - z * o.y, z * o.x - x * o.z, x * o.y - y * o.x};
  }
  void scale(T k) {
    x *= k;
    y *= k;
    z *= k;
  }
  void normalize() { scale(T(1) / norm()); }
  Vec3 &operator*=(T k) {
    scale(k);
    return *this;
  }
  Vec3 &operator+=(const Vec3 &o) {
    x += o.x;
    y += o.y;
    z += o.z;
    return *this;
  }
  Vec3 &operator-=(const Vec3 &o) {
    x -= o.x;
    y -= o.y;
    z -= o.z;
    return *this;
  }
  Vec3 operator-() const { return {-x, -y, -z}; }
  Vec3 operator/(T k) const { return {x / k, y / k, z / k}; }
  friend Vec3 operator+(const Vec3 &a, const Vec3 &b) { return {a.x + b.x, a.y + b.y, a.z + b.z}; }
  friend Vec3 operator-(Vec3 a, const Vec3 &b) { // the canonical form: a copy, -=
    a -= b;
    return a;
  }
  friend Vec3 operator*(T k, const Vec3 &a) { return {k * a.x, k * a.y, k * a.z}; }
};

template <class T> struct Quat {
  T w, x, y, z;
  Quat conj() const { return {w, -x, -y, -z}; }
  T norm2() const { return w * w + x * x + y * y + z * z; }
  Quat operator*(const Quat &q) const {
    return {w * q.w - x * q.x - y * q.y - z * q.z, w * q.x + x * q.w + y * q.z - z * q.y,
            w * q.y - x * q.z + y * q.w + z * q.x, w * q.z + x * q.y - y * q.x + z * q.w};
  }
  // q p q* / |q|^2: a rotation for any q != 0.
  Vec3<T> rotate(const Vec3<T> &p) const {
    Quat r = *this * Quat{T(0), p.x, p.y, p.z} * conj();
    T s = norm2();
    return {r.x / s, r.y / s, r.z / s};
  }
};

template <class T> struct Point2 { T x, y; };
template <class T> struct Particle {
  Vec3<T> pos, vel;
  T mass;
  int id;
  T kinetic() const { return T(0.5) * mass * vel.dot(vel); }
};
template <class T> struct State { Vec3<T> pos, vel; };
template <class T> struct Link { T length, angle; };
template <class T> struct Arm2 { Link<T> upper, fore; };
template <class T> struct Ray { Vec3<T> origin, dir; };
template <class T> struct Sphere {
  Vec3<T> center;
  T radius;
};
template <class T> struct Triangle { Vec3<T> a, b, c; };
template <class T> struct Mat3 {
  Vec3<T> r0, r1, r2;
  Vec3<T> operator*(const Vec3<T> &v) const { return {r0.dot(v), r1.dot(v), r2.dot(v)}; }
};
template <class T> struct Camera {
  Quat<T> rotation;
  Vec3<T> translation;
  T focal;
};
template <class T> struct Joint { T q, qd; };
template <class T> struct Gains {
  T kp, kd;
  T limit = T(2);
};

// Running mean and variance (Welford): default member initializers, an int
// counter, a non-const member function.
template <class T> struct RunningStats {
  T mean = 0, m2 = 0;
  int count = 0;
  void add(T v) {
    ++count;
    T delta = v - mean;
    mean += delta / T(count);
    m2 += delta * (v - mean);
  }
  T variance() const { return m2 / T(count - 1); }
};

template <class T> struct Pose2 {
  T c, s, tx, ty;
  Pose2(T theta, T x, T y) : tx(x), ty(y) {
    c = std::cos(theta);
    s = std::sin(theta);
  }
  Point2<T> apply(const Point2<T> &p) const {
    return {c * p.x - s * p.y + tx, s * p.x + c * p.y + ty};
  }
};

template <class T> class RigidBody {
public:
  RigidBody(T mass, const Vec3<T> &com, const Vec3<T> &vel) : mass_(mass), com_(com), vel_(vel) {}
  T mass() const { return mass_; }
  Vec3<T> momentum() const { return mass_ * vel_; }
  T kinetic() const { return T(0.5) * mass_ * vel_.dot(vel_); }
  T potential(T g) const { return mass_ * g * com_.z; }
  void push(const Vec3<T> &impulse) { vel_ += (1 - restitution_) * impulse / mass_; }

private:
  T mass_;
  Vec3<T> com_, vel_;
  T restitution_ = T(0.25);
};

#define FUNCTIONS(T, MARK)                                                                   \
  /* Vec3 algebra: cross, dot, norm, +, -, k * v, a struct by value. */                      \
  MARK T triple_product(const Vec3<T> &a, const Vec3<T> &b, Vec3<T> c) {                     \
    Vec3<T> n = a.cross(b);                                                                  \
    return n.dot(c) + (a - b).norm() * (T(2) * c).norm();                                    \
  }                                                                                          \
  inline Vec3<T> normalized(const Vec3<T> &v) { return v / v.norm(); }                       \
  /* Rotating a point by a (not necessarily unit) quaternion: q p q* / |q|^2. */             \
  MARK T alignment_error(const Quat<T> &q, const Vec3<T> &p, const Vec3<T> &target) {        \
    Vec3<T> r = q.rotate(p);                                                                 \
    Vec3<T> e = normalized(r) - normalized(target);                                          \
    return e.dot(e);                                                                         \
  }                                                                                          \
  /* Nested structs and an int member: a pinned particle (id < 0) does not */                \
  /* move, so it has no kinetic energy. */                                                   \
  MARK T particle_energy(const Particle<T> &p, T g) {                                        \
    T pe = p.mass * g * p.pos.z;                                                             \
    if (p.id < 0)                                                                            \
      return pe;                                                                             \
    return T(0.5) * p.mass * p.vel.dot(p.vel) + pe;                                          \
  }                                                                                          \
  /* A chain of springs over an array of structs, with gravity. */                           \
  MARK T spring_energy(int n, const Particle<T> *ps, T k, T rest) {                          \
    T e = 0;                                                                                 \
    for (int i = 0; i + 1 < n; ++i) {                                                        \
      Vec3<T> d = ps[i + 1].pos - ps[i].pos;                                                 \
      T stretch = d.norm() - rest;                                                           \
      e += T(0.5) * k * stretch * stretch;                                                   \
    }                                                                                        \
    for (int i = 0; i < n; ++i)                                                              \
      e += ps[i].kinetic() + ps[i].mass * T(9.81) * ps[i].pos.z;                             \
    return e;                                                                                \
  }                                                                                          \
  /* Planar 2-link arm: forward kinematics returns a struct. */                              \
  inline Point2<T> forward_kinematics(const Arm2<T> &arm) {                                  \
    T a1 = arm.upper.angle;                                                                  \
    T a12 = a1 + arm.fore.angle;                                                             \
    return {arm.upper.length * std::cos(a1) + arm.fore.length * std::cos(a12),               \
            arm.upper.length * std::sin(a1) + arm.fore.length * std::sin(a12)};              \
  }                                                                                          \
  MARK T reach_error(const Arm2<T> &arm, Point2<T> target) {                                 \
    Point2<T> tip = forward_kinematics(arm);                                                 \
    T dx = tip.x - target.x, dy = tip.y - target.y;                                          \
    return dx * dx + dy * dy;                                                                \
  }                                                                                          \
  /* Ray-sphere intersection: the distance along the ray to the first hit, */                \
  /* or, on a miss, a penalty growing with the distance to the sphere. */                    \
  MARK T hit_distance(const Ray<T> &ray, const Sphere<T> &s) {                               \
    Vec3<T> oc = ray.origin - s.center;                                                      \
    T a = ray.dir.dot(ray.dir);                                                              \
    T b = oc.dot(ray.dir);                                                                   \
    T c = oc.dot(oc) - s.radius * s.radius;                                                  \
    T disc = b * b - a * c;                                                                  \
    if (disc < 0)                                                                            \
      return T(100) + oc.norm() - s.radius;                                                  \
    return (-b - std::sqrt(disc)) / a;                                                       \
  }                                                                                          \
  /* Spring to the origin, linear drag and gravity. */                                       \
  inline Vec3<T> acceleration(const Vec3<T> &x, const Vec3<T> &v) {                          \
    return T(-4) * x - T(0.3) * v + Vec3<T>{0, 0, T(-9.81)};                                 \
  }                                                                                          \
  /* Explicit Euler into an output struct. */                                                \
  MARK void euler_step(const State<T> &s, T dt, State<T> *out) {                             \
    Vec3<T> a = acceleration(s.pos, s.vel);                                                  \
    State<T> next;                                                                           \
    next.pos = s.pos + dt * s.vel;                                                           \
    next.vel = s.vel + dt * a;                                                               \
    *out = next;                                                                             \
  }                                                                                          \
  /* Semi-implicit Euler into an output reference, member by member. */                      \
  MARK void symplectic_step(const State<T> &s, T dt, State<T> &out) {                        \
    Vec3<T> a = acceleration(s.pos, s.vel);                                                  \
    Vec3<T> vel = s.vel + dt * a;                                                            \
    out.vel = vel;                                                                           \
    out.pos = s.pos + dt * vel;                                                              \
  }                                                                                          \
  /* A state carried through a loop, updated with += and scale(). */                         \
  MARK T simulate(const State<T> &s0, T dt, int steps) {                                     \
    State<T> s = s0;                                                                         \
    for (int i = 0; i < steps; ++i) {                                                        \
      Vec3<T> a = acceleration(s.pos, s.vel);                                                \
      a.scale(dt);                                                                           \
      s.vel += a;                                                                            \
      s.pos += dt * s.vel;                                                                   \
    }                                                                                        \
    return s.pos.z + T(0.5) * s.vel.dot(s.vel);                                              \
  }                                                                                          \
  /* The nearer anchor, chosen by ?:, pulls on p. */                                         \
  MARK T anchor_pull(const Vec3<T> &p, const Vec3<T> &a, const Vec3<T> &b, T k) {            \
    Vec3<T> anchor = (p - a).norm() < (p - b).norm() ? a : b;                                \
    Vec3<T> f = k * (anchor - p);                                                            \
    return f.dot(f);                                                                         \
  }                                                                                          \
  /* A cubic Bezier curve's length by chords: a function returning a struct, */              \
  /* inlined in the loop, and a struct carried from one iteration to the next. */            \
  inline Vec3<T> bezier(const Vec3<T> *c, T t) {                                             \
    T u = 1 - t;                                                                             \
    return (u * u * u) * c[0] + (3 * u * u * t) * c[1] + (3 * u * t * t) * c[2] +            \
           (t * t * t) * c[3];                                                               \
  }                                                                                          \
  MARK T bezier_length(const Vec3<T> *ctrl, int segments) {                                  \
    T len = 0;                                                                               \
    const Vec3<T> &start = ctrl[0];                                                          \
    Vec3<T> prev = start;                                                                    \
    for (int i = 1; i <= segments; ++i) {                                                    \
      Vec3<T> cur = bezier(ctrl, T(i) / T(segments));                                        \
      len += (cur - prev).norm();                                                            \
      prev = cur;                                                                            \
    }                                                                                        \
    return len;                                                                              \
  }                                                                                          \
  /* A 2-D pose built by a constructor with a body, applied to a measurement. */             \
  MARK T landmark_residual(T theta, T x, T y, const Point2<T> &landmark,                     \
                           const Point2<T> &seen) {                                          \
    Pose2<T> pose(theta, x, y);                                                              \
    Point2<T> w = pose.apply(seen);                                                          \
    T dx = w.x - landmark.x, dy = w.y - landmark.y;                                          \
    return dx * dx + dy * dy;                                                                \
  }                                                                                          \
  /* Two rigid bodies (private members, const getters, an in-class */                        \
  /* initializer) exchanging an impulse. */                                                  \
  MARK T collision_energy(T m1, const Vec3<T> &v1, T m2, const Vec3<T> &v2,                  \
                          const Vec3<T> &impulse) {                                          \
    RigidBody<T> a(m1, Vec3<T>{0, 0, 1}, v1);                                                \
    RigidBody<T> b(m2, Vec3<T>{0, 0, 2}, v2);                                                \
    a.push(impulse);                                                                         \
    b.push(-impulse);                                                                        \
    Vec3<T> p = a.momentum() + b.momentum();                                                 \
    return a.kinetic() + b.kinetic() + a.potential(T(9.81)) +                                \
           p.dot(p) / (a.mass() + b.mass());                                                 \
  }                                                                                          \
  /* The RMS distance of a point cloud to its centroid: pts[i] and pts[i].x. */              \
  MARK T cloud_spread(int n, const Vec3<T> *pts) {                                           \
    Vec3<T> c = Vec3<T>::zero();                                                             \
    for (int i = 0; i < n; ++i)                                                              \
      c += pts[i];                                                                           \
    c.scale(T(1) / T(n));                                                                    \
    T s = 0;                                                                                 \
    for (int i = 0; i < n; ++i) {                                                            \
      T dx = pts[i].x - c.x, dy = pts[i].y - c.y, dz = pts[i].z - c.z;                       \
      s += dx * dx + dy * dy + dz * dz;                                                      \
    }                                                                                        \
    return std::sqrt(s / T(n));                                                              \
  }                                                                                          \
  /* Rotational kinetic energy with an inertia tensor of three Vec3 rows. */                 \
  MARK T rotational_energy(const Mat3<T> &inertia, const Vec3<T> &omega) {                   \
    return T(0.5) * omega.dot(inertia * omega);                                              \
  }                                                                                          \
  /* Lambertian shading of a triangle, zero when it faces away. */                           \
  MARK T lambert(const Triangle<T> &tri, const Vec3<T> &light) {                             \
    Vec3<T> n = (tri.b - tri.a).cross(tri.c - tri.a);                                        \
    T area = T(0.5) * n.norm();                                                              \
    T cosine = n.dot(light) / (n.norm() * light.norm());                                     \
    return cosine > 0 ? cosine * area : T(0);                                                \
  }                                                                                          \
  /* Pinhole reprojection error: a camera with a nested rotation. */                         \
  MARK T reprojection_error(const Camera<T> &cam, const Vec3<T> &point,                      \
                            const Point2<T> &seen) {                                         \
    Quat<T> q = cam.rotation;                                                                \
    Vec3<T> pc = q.rotate(point) + cam.translation;                                          \
    T u = cam.focal * pc.x / pc.z - seen.x;                                                  \
    T v = cam.focal * pc.y / pc.z - seen.y;                                                  \
    return u * u + v * v;                                                                    \
  }                                                                                          \
  /* Mirror reflection written to a non-const reference; returns the speed. */               \
  MARK T reflect(const Vec3<T> &d, const Vec3<T> &n, Vec3<T> &r) {                           \
    Vec3<T> u = normalized(n);                                                               \
    r = d - (2 * d.dot(u)) * u;                                                              \
    return d.norm();                                                                         \
  }                                                                                          \
  /* Clamping a velocity passed by value (the copy is modified). */                          \
  MARK T clamp_speed(Vec3<T> v, T vmax) {                                                    \
    T s = v.norm();                                                                          \
    if (s > vmax)                                                                            \
      v.scale(vmax / s);                                                                     \
    return v.dot(v) + v.z;                                                                   \
  }                                                                                          \
  /* A PD controller with saturation tracking a target: gains from an */                     \
  /* aggregate with an in-class default, a joint state carried by value. */                  \
  MARK T track_cost(T kp, T kd, Joint<T> j, T target, T dt, int steps) {                     \
    Gains<T> g{kp, kd};                                                                      \
    T cost = 0;                                                                              \
    for (int i = 0; i < steps; ++i) {                                                        \
      T u = g.kp * (target - j.q) - g.kd * j.qd;                                             \
      if (u > g.limit)                                                                       \
        u = g.limit;                                                                         \
      else if (u < -g.limit)                                                                 \
        u = -g.limit;                                                                        \
      j.qd += dt * u;                                                                        \
      j.q += dt * j.qd;                                                                      \
      cost += (j.q - target) * (j.q - target);                                               \
    }                                                                                        \
    return cost;                                                                             \
  }                                                                                          \
  /* Pairwise overlap penalty between spheres. */                                            \
  MARK T overlap_penalty(int n, const Sphere<T> *s) {                                        \
    T e = 0;                                                                                 \
    for (int i = 0; i < n; ++i)                                                              \
      for (int j = i + 1; j < n; ++j) {                                                      \
        T gap = (s[i].center - s[j].center).norm() - s[i].radius - s[j].radius;              \
        if (gap < 0)                                                                         \
          e += gap * gap;                                                                    \
      }                                                                                      \
    return e;                                                                                \
  }                                                                                          \
  /* A unit vector, or +z for a degenerate one: a helper returning a struct */               \
  /* from two returns. */                                                                    \
  inline Vec3<T> direction_or_up(const Vec3<T> &v) {                                         \
    T n = v.norm();                                                                          \
    if (n < T(1e-6))                                                                         \
      return {0, 0, 1};                                                                      \
    return v / n;                                                                            \
  }                                                                                          \
  /* Specular highlight (Blinn-Phong) seen from eye: normalize(), *=. */                     \
  MARK T highlight(const Vec3<T> &eye, const Vec3<T> &light, const Vec3<T> &normal,          \
                   T shine) {                                                                \
    Vec3<T> h = direction_or_up(eye) + direction_or_up(light);                               \
    h.normalize();                                                                           \
    Vec3<T> n = normal;                                                                      \
    n *= T(1) / normal.norm();                                                               \
    T c = h.dot(n);                                                                          \
    return c > 0 ? std::pow(c, shine) : T(0);                                                \
  }                                                                                          \
  /* Rigid transform of a point array into an output array of structs. */                    \
  MARK void transform_points(int n, const Vec3<T> *in, const Quat<T> &q, const Vec3<T> &t,   \
                             Vec3<T> *out) {                                                 \
    for (int i = 0; i < n; ++i)                                                              \
      out[i] = q.rotate(in[i]) + t;                                                          \
  }                                                                                          \
  /* Welford's variance of samples: a local struct with an int member carried */             \
  /* by a loop, updated by a member function. */                                             \
  MARK T sample_variance(int n, const T *samples, T scale) {                                 \
    RunningStats<T> stats;                                                                   \
    for (int i = 0; i < n; ++i)                                                              \
      stats.add(scale * samples[i]);                                                         \
    return stats.variance();                                                                 \
  }                                                                                          \
  /* Helpers writing a caller's local struct through a pointer and a */                      \
  /* reference. */                                                                           \
  inline void drift(const Vec3<T> &p, const Vec3<T> &v, T dt, Vec3<T> *out) {                \
    *out = p + dt * v;                                                                       \
  }                                                                                          \
  inline void damp(Vec3<T> &v, T c) { v.scale(1 - c); }                                      \
  /* A ball bouncing on the floor until it crosses a wall: branches and a */                 \
  /* break in a loop carrying a struct. */                                                   \
  MARK T bounce(const State<T> &s0, T dt, T wall, int steps) {                               \
    State<T> s = s0;                                                                         \
    for (int i = 0; i < steps; ++i) {                                                        \
      s.vel.z -= T(9.81) * dt;                                                               \
      Vec3<T> next;                                                                          \
      drift(s.pos, s.vel, dt, &next);                                                        \
      s.pos = next;                                                                          \
      if (s.pos.z < 0) {                                                                     \
        s.pos.z = -s.pos.z;                                                                  \
        s.vel.z = -s.vel.z;                                                                  \
        damp(s.vel, T(0.2));                                                                 \
      }                                                                                      \
      if (s.pos.x > wall)                                                                    \
        break;                                                                               \
    }                                                                                        \
    return s.pos.x + s.pos.z + T(0.1) * s.vel.dot(s.vel);                                    \
  }

FUNCTIONS(double, ADGEN_DIFFERENTIABLE)
FUNCTIONS(float, ADGEN_DIFFERENTIABLE)

// Struct parameters keep their type; each adjoint is a pointer to the same
// struct. Local structs are one scalar per member, named after the struct.
// CHECK-LABEL: inline double triple_product_grad(const Vec3<double>& a, const Vec3<double>& b, Vec3<double> c, Vec3<double>* d_a, Vec3<double>* d_b, Vec3<double>* d_c) {
// CHECK:         const double n_x = a.y * b.z - a.z * b.y;
// CHECK:         d_a->x +=
// CHECK-LABEL: inline void triple_product_vjp(const Vec3<double>& a, const Vec3<double>& b, Vec3<double> c, double d_ret, Vec3<double>* d_a, Vec3<double>* d_b, Vec3<double>* d_c) {

// Nested members are accumulated through their path; the int id gets none.
// CHECK-LABEL: inline double particle_energy_grad(const Particle<double>& p, double g, Particle<double>* d_p, double* d_g) {
// CHECK:         const bool t{{[0-9]+}} = p.id < 0;
// CHECK:         if (d_p) d_p->pos.z +=
// CHECK-NOT:     d_p->id
// CHECK-LABEL: inline void particle_energy_vjp(

// Arrays of structs: ps[i].pos read, d_ps[i].pos accumulated.
// CHECK-LABEL: inline double spring_energy_grad(int n, const Particle<double>* ps, double k, double rest, Particle<double>* d_ps, double* d_k, double* d_rest) {
// CHECK:         const double [[DX:[a-z_0-9]+]] = ps[i_1].pos.x - ps[i].pos.x;
// CHECK:         if (d_ps) d_ps[i_1].pos.x += d_[[DX]];

// An output struct: void, so only the VJP, which reads and clears the seeds.
// CHECK-NOT:   euler_step_grad
// CHECK-LABEL: inline void euler_step_vjp(const State<double>& s, double dt, State<double>* /*out*/, State<double>* d_s, double* d_dt, State<double>* d_out) {
// CHECK:         const double d_next_vel_z = d_out ? d_out->vel.z : 0.0;
// CHECK-NEXT:    if (d_out) d_out->vel.z = 0.0;
// CHECK-LABEL: inline void symplectic_step_vjp(const State<double>& s, double dt, State<double>& /*out*/, State<double>* d_s, double* d_dt, State<double>* d_out) {

// A struct carried by a loop: one loop variable per member.
// CHECK-LABEL: inline double simulate_grad(const State<double>& s0, double dt, int steps, State<double>* d_s0, double* d_dt) {
// CHECK:         double s_pos_z = s0.pos.z;
// CHECK-LABEL: inline double cloud_spread_grad(int n, const Vec3<double>* pts, Vec3<double>* d_pts) {
// CHECK:         double c_x = 0.0;
// CHECK:         const double c_x_1 = c_x + pts[i].x;
// CHECK:         c_x = c_x_1;

// A non-const reference output is written member by member.
// CHECK-LABEL: inline double reflect_grad(const Vec3<double>& d, const Vec3<double>& n, Vec3<double>& r, Vec3<double>* d_d, Vec3<double>* d_n, Vec3<double>* d_r) {
// CHECK:         r.x = {{.*}};

// An output array of structs.
// CHECK-LABEL: inline void transform_points_vjp(int n, const Vec3<double>* in, const Quat<double>& q, const Vec3<double>& /*t*/, Vec3<double>* /*out*/, Vec3<double>* d_in, Quat<double>* d_q, Vec3<double>* d_t, Vec3<double>* d_out) {
// CHECK:         if (d_out) d_out[i].x = 0.0;
// CHECK:         if (d_in) d_in[i].x +=

// An int member of a local struct is carried with its own type.
// CHECK-LABEL: inline double sample_variance_grad(int n, const double* samples, double scale, double* d_samples, double* d_scale) {
// CHECK:         int stats_count = 0;

// The float instances spell their structs with float.
// CHECK-LABEL: inline float triple_product_grad(const Vec3<float>& a, const Vec3<float>& b, Vec3<float> c, Vec3<float>* d_a, Vec3<float>* d_b, Vec3<float>* d_c) {

#ifndef ADGEN_TOOL
#include "structs.grad.h"
#include "oracle.h"

#include <array>
#include <cstdio>

using LongDouble = long double;
FUNCTIONS(LongDouble, )

// each(s, f) calls f on every floating-point member of s in declaration
// order: the order of the oracle's flat array. Int members are left out.
template <class U, class F> void each(U &v, F f) { f(v); }
template <class U, class F> void each(Vec3<U> &v, F f) { f(v.x), f(v.y), f(v.z); }
template <class U, class F> void each(Quat<U> &q, F f) { f(q.w), f(q.x), f(q.y), f(q.z); }
template <class U, class F> void each(Point2<U> &p, F f) { f(p.x), f(p.y); }
template <class U, class F> void each(Particle<U> &p, F f) {
  each(p.pos, f), each(p.vel, f), f(p.mass);
}
template <class U, class F> void each(State<U> &s, F f) { each(s.pos, f), each(s.vel, f); }
template <class U, class F> void each(Link<U> &l, F f) { f(l.length), f(l.angle); }
template <class U, class F> void each(Arm2<U> &a, F f) { each(a.upper, f), each(a.fore, f); }
template <class U, class F> void each(Ray<U> &r, F f) { each(r.origin, f), each(r.dir, f); }
template <class U, class F> void each(Sphere<U> &s, F f) { each(s.center, f), f(s.radius); }
template <class U, class F> void each(Triangle<U> &t, F f) {
  each(t.a, f), each(t.b, f), each(t.c, f);
}
template <class U, class F> void each(Mat3<U> &m, F f) {
  each(m.r0, f), each(m.r1, f), each(m.r2, f);
}
template <class U, class F> void each(Camera<U> &c, F f) {
  each(c.rotation, f), each(c.translation, f), f(c.focal);
}
template <class U, class F> void each(Joint<U> &j, F f) { f(j.q), f(j.qd); }
template <class S, size_t N, class F> void each(std::array<S, N> &a, F f) {
  for (S &s : a)
    each(s, f);
}

// load(p, s...) fills the structs from the flat array p; add(d, g...) adds
// their adjoints to d, in the same order.
template <class U, class... S> void load(const U *p, S &...s) {
  (each(s, [&](U &m) { m = *p++; }), ...);
}
template <class U, class... S> void add(U *d, S &...g) {
  (each(g, [&](U &m) { *d++ += m; }), ...);
}

// <w, out> with fixed weights: the scalar whose gradient a function's output
// struct is checked by. seed(d, s) sets an output's adjoint to s w.
constexpr double kWeights[] = {0.7, -1.3, 0.4, 0.9, -0.2, 1.1, 0.6, -0.8};
template <class U, class S> U weigh(S out) {
  U sum = 0;
  int k = 0;
  each(out, [&](U &m) { sum += U(kWeights[k++]) * m; });
  return sum;
}
template <class U, class S> void seed(S &d, U s) {
  int k = 0;
  each(d, [&](U &m) { m = s * U(kWeights[k++]); });
}

// check<T, N>(name, primal, both, at): both(x, seed, d, grad) calls f_grad
// (grad: the seed is 1) or f_vjp (with the seed), adds the adjoints to d and
// returns the value (f_grad's; f_vjp's is not looked at).
template <class T, size_t N, class Primal, class Both>
bool check(const char *name, Primal primal, Both both, std::array<T, N> at) {
  return oracle::check<T, N>(
      name, primal, [&](const T *x, T *d) { return both(x, T(1), d, true); },
      [&](const T *x, T s, T *d) { both(x, s, d, false); }, at);
}

// In both(x, s, d, grad): f_grad or f_vjp on the same arguments and adjoints.
#define UNPAREN(...) __VA_ARGS__
#define GRAD_OR_VJP(f, ARGS, ADJOINTS)                                          \
  (grad ? f##_grad(UNPAREN ARGS, UNPAREN ADJOINTS)                              \
        : (f##_vjp(UNPAREN ARGS, s, UNPAREN ADJOINTS), T(0)))

template <class T> void checks() {
  using L = LongDouble;
  check<T, 9>(
      "triple_product",
      [](auto v) {
        Vec3<L> a, b, c;
        load(v.data(), a, b, c);
        return triple_product(a, b, c);
      },
      [](const T *x, T s, T *d, bool grad) {
        Vec3<T> a, b, c, da{}, db{}, dc{};
        load(x, a, b, c);
        T r = GRAD_OR_VJP(triple_product, (a, b, c), (&da, &db, &dc));
        add(d, da, db, dc);
        return r;
      },
      {T(0.5), T(-1), T(0.7), T(1.2), T(0.3), T(-0.4), T(0.2), T(0.9), T(-1.1)});
  check<T, 10>(
      "alignment_error",
      [](auto v) {
        Quat<L> q;
        Vec3<L> p, target;
        load(v.data(), q, p, target);
        return alignment_error(q, p, target);
      },
      [](const T *x, T s, T *d, bool grad) {
        Quat<T> q, dq{};
        Vec3<T> p, target, dp{}, dtarget{};
        load(x, q, p, target);
        T r = GRAD_OR_VJP(alignment_error, (q, p, target), (&dq, &dp, &dtarget));
        add(d, dq, dp, dtarget);
        return r;
      },
      {T(0.9), T(0.2), T(-0.3), T(0.4), T(1), T(0.5), T(-0.25), T(0.1), T(1.2), T(0.3)});
  // A free particle and a pinned one (id < 0: no kinetic energy).
  for (int id : {3, -1})
    check<T, 8>(
        "particle_energy",
        [id](auto v) {
          Particle<L> p;
          L g;
          load(v.data(), p, g);
          p.id = id;
          return particle_energy(p, g);
        },
        [id](const T *x, T s, T *d, bool grad) {
          Particle<T> p, dp{};
          T g, dg = 0;
          load(x, p, g);
          p.id = id;
          dp.id = 7;
          T r = GRAD_OR_VJP(particle_energy, (p, g), (&dp, &dg));
          add(d, dp, dg);
          return dp.id == 7 ? r : T(NAN); // the int member's "adjoint" is left alone
        },
        {T(0.1), T(-0.2), T(1.5), T(0.8), T(-0.6), T(0.3), T(2.5), T(9.81)});
  check<T, 23>(
      "spring_energy",
      [](auto v) {
        std::array<Particle<L>, 3> ps;
        L k, rest;
        load(v.data(), ps, k, rest);
        return spring_energy(3, ps.data(), k, rest);
      },
      [](const T *x, T s, T *d, bool grad) {
        std::array<Particle<T>, 3> ps, dps{};
        T k, rest, dk = 0, drest = 0;
        load(x, ps, k, rest);
        T r = GRAD_OR_VJP(spring_energy, (3, ps.data(), k, rest), (dps.data(), &dk, &drest));
        add(d, dps, dk, drest);
        return r;
      },
      {T(0), T(0), T(1), T(0.1), T(0), T(0), T(1),        //
       T(0.6), T(0.2), T(0.8), T(0), T(0.2), T(0), T(1.5), //
       T(1.1), T(-0.3), T(0.4), T(0), T(0), T(0.1), T(2),  //
       T(50), T(0.5)});
  check<T, 6>(
      "reach_error",
      [](auto v) {
        Arm2<L> arm;
        Point2<L> target;
        load(v.data(), arm, target);
        return reach_error(arm, target);
      },
      [](const T *x, T s, T *d, bool grad) {
        Arm2<T> arm, darm{};
        Point2<T> target, dtarget{};
        load(x, arm, target);
        T r = GRAD_OR_VJP(reach_error, (arm, target), (&darm, &dtarget));
        add(d, darm, dtarget);
        return r;
      },
      {T(1.0), T(0.4), T(0.8), T(0.9), T(0.7), T(1.3)});
  // A ray that hits the sphere, and one that misses it.
  for (T dy : {T(0.1), T(0.9)})
    check<T, 10>(
        "hit_distance",
        [](auto v) {
          Ray<L> ray;
          Sphere<L> sphere;
          load(v.data(), ray, sphere);
          return hit_distance(ray, sphere);
        },
        [](const T *x, T s, T *d, bool grad) {
          Ray<T> ray, dray{};
          Sphere<T> sphere, dsphere{};
          load(x, ray, sphere);
          T r = GRAD_OR_VJP(hit_distance, (ray, sphere), (&dray, &dsphere));
          add(d, dray, dsphere);
          return r;
        },
        {T(0), T(0), T(-3), T(0.05), dy, T(1), T(0.1), T(0.2), T(1), T(0.8)});
  // The output structs: <w, out> and its gradient, seeding d_out with s w.
  check<T, 7>(
      "euler_step",
      [](auto v) {
        State<L> st, out;
        L dt;
        load(v.data(), st, dt);
        euler_step(st, dt, &out);
        return weigh<L>(out);
      },
      [](const T *x, T s, T *d, bool grad) {
        State<T> st, out, dst{}, dout;
        T dt, ddt = 0;
        load(x, st, dt);
        seed(dout, s);
        euler_step_vjp(st, dt, &out, &dst, &ddt, &dout);
        add(d, dst, ddt);
        if (weigh<T>(dout) != 0) // the seeds are cleared
          return T(NAN);
        euler_step(st, dt, &out);
        return grad ? weigh<T>(out) : T(0);
      },
      {T(0.3), T(-0.5), T(1.2), T(0.7), T(0.1), T(-0.4), T(0.05)});
  check<T, 7>(
      "symplectic_step",
      [](auto v) {
        State<L> st, out;
        L dt;
        load(v.data(), st, dt);
        symplectic_step(st, dt, out);
        return weigh<L>(out);
      },
      [](const T *x, T s, T *d, bool grad) {
        State<T> st, out, dst{}, dout;
        T dt, ddt = 0;
        load(x, st, dt);
        seed(dout, s);
        symplectic_step_vjp(st, dt, out, &dst, &ddt, &dout);
        add(d, dst, ddt);
        if (weigh<T>(dout) != 0)
          return T(NAN);
        symplectic_step(st, dt, out);
        return grad ? weigh<T>(out) : T(0);
      },
      {T(0.3), T(-0.5), T(1.2), T(0.7), T(0.1), T(-0.4), T(0.05)});
  check<T, 7>(
      "simulate",
      [](auto v) {
        State<L> s0;
        L dt;
        load(v.data(), s0, dt);
        return simulate(s0, dt, 6);
      },
      [](const T *x, T s, T *d, bool grad) {
        State<T> s0, ds0{};
        T dt, ddt = 0;
        load(x, s0, dt);
        T r = GRAD_OR_VJP(simulate, (s0, dt, 6), (&ds0, &ddt));
        add(d, ds0, ddt);
        return r;
      },
      {T(0.3), T(-0.5), T(1.2), T(0.7), T(0.1), T(-0.4), T(0.05)});
  // p nearer to a, then nearer to b.
  for (T px : {T(0.2), T(1.7)})
    check<T, 10>(
        "anchor_pull",
        [](auto v) {
          Vec3<L> p, a, b;
          L k;
          load(v.data(), p, a, b, k);
          return anchor_pull(p, a, b, k);
        },
        [](const T *x, T s, T *d, bool grad) {
          Vec3<T> p, a, b, dp{}, da{}, db{};
          T k, dk = 0;
          load(x, p, a, b, k);
          T r = GRAD_OR_VJP(anchor_pull, (p, a, b, k), (&dp, &da, &db, &dk));
          add(d, dp, da, db, dk);
          return r;
        },
        {px, T(0.3), T(-0.1), T(0), T(0), T(0), T(2), T(0.5), T(0.2), T(1.5)});
  check<T, 12>(
      "bezier_length",
      [](auto v) {
        std::array<Vec3<L>, 4> ctrl;
        load(v.data(), ctrl);
        return bezier_length(ctrl.data(), 8);
      },
      [](const T *x, T s, T *d, bool grad) {
        std::array<Vec3<T>, 4> ctrl, dctrl{};
        load(x, ctrl);
        T r = GRAD_OR_VJP(bezier_length, (ctrl.data(), 8), (dctrl.data()));
        add(d, dctrl);
        return r;
      },
      {T(0), T(0), T(0), T(1), T(2), T(0.5), T(3), T(-1), T(1), T(4), T(0.5), T(-0.2)});
  check<T, 7>(
      "landmark_residual",
      [](auto v) {
        L theta, px, py;
        Point2<L> landmark, seen;
        load(v.data(), theta, px, py, landmark, seen);
        return landmark_residual(theta, px, py, landmark, seen);
      },
      [](const T *x, T s, T *d, bool grad) {
        T theta, px, py, dtheta = 0, dpx = 0, dpy = 0;
        Point2<T> landmark, seen, dlandmark{}, dseen{};
        load(x, theta, px, py, landmark, seen);
        T r = GRAD_OR_VJP(landmark_residual, (theta, px, py, landmark, seen),
                          (&dtheta, &dpx, &dpy, &dlandmark, &dseen));
        add(d, dtheta, dpx, dpy, dlandmark, dseen);
        return r;
      },
      {T(0.6), T(1), T(-0.5), T(2.5), T(1.5), T(1.2), T(0.9)});
  check<T, 11>(
      "collision_energy",
      [](auto v) {
        L m1, m2;
        Vec3<L> v1, v2, impulse;
        load(v.data(), m1, v1, m2, v2, impulse);
        return collision_energy(m1, v1, m2, v2, impulse);
      },
      [](const T *x, T s, T *d, bool grad) {
        T m1, m2, dm1 = 0, dm2 = 0;
        Vec3<T> v1, v2, impulse, dv1{}, dv2{}, dimpulse{};
        load(x, m1, v1, m2, v2, impulse);
        T r = GRAD_OR_VJP(collision_energy, (m1, v1, m2, v2, impulse),
                          (&dm1, &dv1, &dm2, &dv2, &dimpulse));
        add(d, dm1, dv1, dm2, dv2, dimpulse);
        return r;
      },
      {T(2), T(1), T(0.5), T(-0.2), T(3), T(-0.8), T(0.1), T(0.4), T(-1.5), T(0.3), T(0.2)});
  check<T, 12>(
      "cloud_spread",
      [](auto v) {
        std::array<Vec3<L>, 4> pts;
        load(v.data(), pts);
        return cloud_spread(4, pts.data());
      },
      [](const T *x, T s, T *d, bool grad) {
        std::array<Vec3<T>, 4> pts, dpts{};
        load(x, pts);
        T r = GRAD_OR_VJP(cloud_spread, (4, pts.data()), (dpts.data()));
        add(d, dpts);
        return r;
      },
      {T(0), T(0), T(0), T(1), T(0.2), T(-0.1), T(0.3), T(1.4), T(0.5), T(-0.6), T(0.4), T(1)});
  check<T, 12>(
      "rotational_energy",
      [](auto v) {
        Mat3<L> inertia;
        Vec3<L> omega;
        load(v.data(), inertia, omega);
        return rotational_energy(inertia, omega);
      },
      [](const T *x, T s, T *d, bool grad) {
        Mat3<T> inertia, dinertia{};
        Vec3<T> omega, domega{};
        load(x, inertia, omega);
        T r = GRAD_OR_VJP(rotational_energy, (inertia, omega), (&dinertia, &domega));
        add(d, dinertia, domega);
        return r;
      },
      {T(2), T(0.1), T(0), T(0.1), T(3), T(-0.2), T(0), T(-0.2), T(4), T(0.5), T(-1), T(0.8)});
  // Lit from the front, then from behind.
  for (T lz : {T(1), T(-1)})
    check<T, 12>(
        "lambert",
        [](auto v) {
          Triangle<L> tri;
          Vec3<L> light;
          load(v.data(), tri, light);
          return lambert(tri, light);
        },
        [](const T *x, T s, T *d, bool grad) {
          Triangle<T> tri, dtri{};
          Vec3<T> light, dlight{};
          load(x, tri, light);
          T r = GRAD_OR_VJP(lambert, (tri, light), (&dtri, &dlight));
          add(d, dtri, dlight);
          return r;
        },
        {T(0), T(0), T(0), T(1), T(0.1), T(0.2), T(0.2), T(1.2), T(-0.1), T(0.3), T(-0.4), lz});
  check<T, 13>(
      "reprojection_error",
      [](auto v) {
        Camera<L> cam;
        Vec3<L> point;
        Point2<L> seen;
        load(v.data(), cam, point, seen);
        return reprojection_error(cam, point, seen);
      },
      [](const T *x, T s, T *d, bool grad) {
        Camera<T> cam, dcam{};
        Vec3<T> point, dpoint{};
        Point2<T> seen, dseen{};
        load(x, cam, point, seen);
        T r = GRAD_OR_VJP(reprojection_error, (cam, point, seen), (&dcam, &dpoint, &dseen));
        add(d, dcam, dpoint, dseen);
        return r;
      },
      {T(0.95), T(0.1), T(-0.2), T(0.05), T(0.1), T(-0.3), T(4), T(1.5), T(0.5), T(0.2), T(1),
       T(0.3), T(-0.1)});
  // reflect returns |d| and writes r: value |d| + <w, r>.
  check<T, 6>(
      "reflect",
      [](auto v) {
        Vec3<L> dir, n, r;
        load(v.data(), dir, n);
        L speed = reflect(dir, n, r);
        return speed + weigh<L>(r);
      },
      [](const T *x, T s, T *d, bool grad) {
        Vec3<T> dir, n, r, ddir{}, dn{}, dr;
        load(x, dir, n);
        seed(dr, s);
        T value = GRAD_OR_VJP(reflect, (dir, n, r), (&ddir, &dn, &dr));
        add(d, ddir, dn);
        if (weigh<T>(dr) != 0)
          return T(NAN);
        return value + (grad ? weigh<T>(r) : T(0));
      },
      {T(1), T(-2), T(0.5), T(0.2), T(1), T(0.3)});
  // Faster than vmax (clamped), then slower.
  for (T vmax : {T(1), T(3)})
    check<T, 4>(
        "clamp_speed",
        [](auto v) {
          Vec3<L> vel;
          L limit;
          load(v.data(), vel, limit);
          return clamp_speed(vel, limit);
        },
        [](const T *x, T s, T *d, bool grad) {
          Vec3<T> vel, dvel{};
          T limit, dlimit = 0;
          load(x, vel, limit);
          T r = GRAD_OR_VJP(clamp_speed, (vel, limit), (&dvel, &dlimit));
          add(d, dvel, dlimit);
          return r;
        },
        {T(1.2), T(-0.8), T(0.9), vmax});
  check<T, 6>(
      "track_cost",
      [](auto v) {
        L kp, kd, target, dt;
        Joint<L> j;
        load(v.data(), kp, kd, j, target, dt);
        return track_cost(kp, kd, j, target, dt, 25);
      },
      [](const T *x, T s, T *d, bool grad) {
        T kp, kd, target, dt, dkp = 0, dkd = 0, dtarget = 0, ddt = 0;
        Joint<T> j, dj{};
        load(x, kp, kd, j, target, dt);
        T r = GRAD_OR_VJP(track_cost, (kp, kd, j, target, dt, 25),
                          (&dkp, &dkd, &dj, &dtarget, &ddt));
        add(d, dkp, dkd, dj, dtarget, ddt);
        return r;
      },
      {T(8), T(1.5), T(0.1), T(0), T(1.2), T(0.1)});
  check<T, 12>(
      "overlap_penalty",
      [](auto v) {
        std::array<Sphere<L>, 3> spheres;
        load(v.data(), spheres);
        return overlap_penalty(3, spheres.data());
      },
      [](const T *x, T s, T *d, bool grad) {
        std::array<Sphere<T>, 3> spheres, dspheres{};
        load(x, spheres);
        T r = GRAD_OR_VJP(overlap_penalty, (3, spheres.data()), (dspheres.data()));
        add(d, dspheres);
        return r;
      },
      {T(0), T(0), T(0), T(1), T(1.5), T(0.2), T(0), T(0.8), T(5), T(0), T(0), T(0.5)});
  // Lit (c > 0), then facing away (c < 0: 0).
  for (T nz : {T(1), T(-1)})
    check<T, 10>(
        "highlight",
        [](auto v) {
          Vec3<L> eye, light, normal;
          L shine;
          load(v.data(), eye, light, normal, shine);
          return highlight(eye, light, normal, shine);
        },
        [](const T *x, T s, T *d, bool grad) {
          Vec3<T> eye, light, normal, deye{}, dlight{}, dnormal{};
          T shine, dshine = 0;
          load(x, eye, light, normal, shine);
          T r = GRAD_OR_VJP(highlight, (eye, light, normal, shine),
                            (&deye, &dlight, &dnormal, &dshine));
          add(d, deye, dlight, dnormal, dshine);
          return r;
        },
        {T(0.3), T(0.2), T(2), T(-0.5), T(0.4), T(1.5), T(0.1), T(-0.2), nz, T(8)});
  check<T, 13>(
      "transform_points",
      [](auto v) {
        std::array<Vec3<L>, 2> in, out;
        Quat<L> q;
        Vec3<L> t;
        load(v.data(), in, q, t);
        transform_points(2, in.data(), q, t, out.data());
        return weigh<L>(out);
      },
      [](const T *x, T s, T *d, bool grad) {
        std::array<Vec3<T>, 2> in, out, din{}, dout;
        Quat<T> q, dq{};
        Vec3<T> t, dt{};
        load(x, in, q, t);
        seed(dout, s);
        transform_points_vjp(2, in.data(), q, t, out.data(), din.data(), &dq, &dt, dout.data());
        add(d, din, dq, dt);
        if (weigh<T>(dout) != 0)
          return T(NAN);
        transform_points(2, in.data(), q, t, out.data());
        return grad ? weigh<T>(out) : T(0);
      },
      {T(1), T(0.5), T(-0.2), T(-0.3), T(0.8), T(0.4), T(0.9), T(0.1), T(-0.3), T(0.2), T(0.5),
       T(0), T(-1)});
  check<T, 6>(
      "sample_variance",
      [](auto v) { return sample_variance(5, v.data(), v[5]); },
      [](const T *x, T s, T *d, bool grad) {
        return GRAD_OR_VJP(sample_variance, (5, x, x[5]), (d, &d[5]));
      },
      {T(0.5), T(1.5), T(-0.3), T(2.2), T(0.9), T(1.3)});
  // Bounces once and stops at the wall (step 25 of 40); with a far wall,
  // bounces three times in 40 steps.
  for (T wall : {T(0.8), T(10)})
    check<T, 8>(
        "bounce",
        [](auto v) {
          State<L> s0;
          L dt, w;
          load(v.data(), s0, dt, w);
          return bounce(s0, dt, w, 40);
        },
        [](const T *x, T s, T *d, bool grad) {
          State<T> s0, ds0{};
          T dt, w, ddt = 0, dw = 0;
          load(x, s0, dt, w);
          T r = GRAD_OR_VJP(bounce, (s0, dt, w, 40), (&ds0, &ddt, &dw));
          add(d, ds0, ddt, dw);
          return r;
        },
        {T(0), T(0.1), T(0.55), T(1.1), T(0.2), T(0.3), T(0.033), wall});
}

int main() {
  checks<double>();
  checks<float>();
  // Null adjoints are skipped.
  Vec3<double> a{0.5, -1, 0.7}, b{1.2, 0.3, -0.4}, c{0.2, 0.9, -1.1}, db{};
  triple_product_grad(a, b, c, nullptr, &db, nullptr);
  std::printf("null adjoints: %s\n", db.x != 0 ? "ok" : "MISMATCH");
}
#endif
// Every check, double then float, one line each.
// EXEC: {{^}}triple_product({{.*}}): value {{.*}} ok{{$}}
// EXEC-NEXT: {{^}}alignment_error({{.*}}): value {{.*}} ok{{$}}
// EXEC-NEXT: {{^}}particle_energy({{.*}}): value {{.*}} ok{{$}}
// EXEC-NEXT: {{^}}particle_energy({{.*}}): value {{.*}} ok{{$}}
// EXEC-NEXT: {{^}}spring_energy({{.*}}): value {{.*}} ok{{$}}
// EXEC-NEXT: {{^}}reach_error({{.*}}): value {{.*}} ok{{$}}
// EXEC-NEXT: {{^}}hit_distance({{.*}}): value {{.*}} ok{{$}}
// EXEC-NEXT: {{^}}hit_distance({{.*}}): value {{.*}} ok{{$}}
// EXEC-NEXT: {{^}}euler_step({{.*}}): value {{.*}} ok{{$}}
// EXEC-NEXT: {{^}}symplectic_step({{.*}}): value {{.*}} ok{{$}}
// EXEC-NEXT: {{^}}simulate({{.*}}): value {{.*}} ok{{$}}
// EXEC-NEXT: {{^}}anchor_pull({{.*}}): value {{.*}} ok{{$}}
// EXEC-NEXT: {{^}}anchor_pull({{.*}}): value {{.*}} ok{{$}}
// EXEC-NEXT: {{^}}bezier_length({{.*}}): value {{.*}} ok{{$}}
// EXEC-NEXT: {{^}}landmark_residual({{.*}}): value {{.*}} ok{{$}}
// EXEC-NEXT: {{^}}collision_energy({{.*}}): value {{.*}} ok{{$}}
// EXEC-NEXT: {{^}}cloud_spread({{.*}}): value {{.*}} ok{{$}}
// EXEC-NEXT: {{^}}rotational_energy({{.*}}): value {{.*}} ok{{$}}
// EXEC-NEXT: {{^}}lambert({{.*}}): value {{.*}} ok{{$}}
// EXEC-NEXT: {{^}}lambert({{.*}}): value {{.*}} ok{{$}}
// EXEC-NEXT: {{^}}reprojection_error({{.*}}): value {{.*}} ok{{$}}
// EXEC-NEXT: {{^}}reflect({{.*}}): value {{.*}} ok{{$}}
// EXEC-NEXT: {{^}}clamp_speed({{.*}}): value {{.*}} ok{{$}}
// EXEC-NEXT: {{^}}clamp_speed({{.*}}): value {{.*}} ok{{$}}
// EXEC-NEXT: {{^}}track_cost({{.*}}): value {{.*}} ok{{$}}
// EXEC-NEXT: {{^}}overlap_penalty({{.*}}): value {{.*}} ok{{$}}
// EXEC-NEXT: {{^}}highlight({{.*}}): value {{.*}} ok{{$}}
// EXEC-NEXT: {{^}}highlight({{.*}}): value {{.*}} ok{{$}}
// EXEC-NEXT: {{^}}transform_points({{.*}}): value {{.*}} ok{{$}}
// EXEC-NEXT: {{^}}sample_variance({{.*}}): value {{.*}} ok{{$}}
// EXEC-NEXT: {{^}}bounce({{.*}}): value {{.*}} ok{{$}}
// EXEC-NEXT: {{^}}bounce({{.*}}): value {{.*}} ok{{$}}
// EXEC-NEXT: {{^}}triple_product({{.*}}): value {{.*}} ok{{$}}
// EXEC-NEXT: {{^}}alignment_error({{.*}}): value {{.*}} ok{{$}}
// EXEC-NEXT: {{^}}particle_energy({{.*}}): value {{.*}} ok{{$}}
// EXEC-NEXT: {{^}}particle_energy({{.*}}): value {{.*}} ok{{$}}
// EXEC-NEXT: {{^}}spring_energy({{.*}}): value {{.*}} ok{{$}}
// EXEC-NEXT: {{^}}reach_error({{.*}}): value {{.*}} ok{{$}}
// EXEC-NEXT: {{^}}hit_distance({{.*}}): value {{.*}} ok{{$}}
// EXEC-NEXT: {{^}}hit_distance({{.*}}): value {{.*}} ok{{$}}
// EXEC-NEXT: {{^}}euler_step({{.*}}): value {{.*}} ok{{$}}
// EXEC-NEXT: {{^}}symplectic_step({{.*}}): value {{.*}} ok{{$}}
// EXEC-NEXT: {{^}}simulate({{.*}}): value {{.*}} ok{{$}}
// EXEC-NEXT: {{^}}anchor_pull({{.*}}): value {{.*}} ok{{$}}
// EXEC-NEXT: {{^}}anchor_pull({{.*}}): value {{.*}} ok{{$}}
// EXEC-NEXT: {{^}}bezier_length({{.*}}): value {{.*}} ok{{$}}
// EXEC-NEXT: {{^}}landmark_residual({{.*}}): value {{.*}} ok{{$}}
// EXEC-NEXT: {{^}}collision_energy({{.*}}): value {{.*}} ok{{$}}
// EXEC-NEXT: {{^}}cloud_spread({{.*}}): value {{.*}} ok{{$}}
// EXEC-NEXT: {{^}}rotational_energy({{.*}}): value {{.*}} ok{{$}}
// EXEC-NEXT: {{^}}lambert({{.*}}): value {{.*}} ok{{$}}
// EXEC-NEXT: {{^}}lambert({{.*}}): value {{.*}} ok{{$}}
// EXEC-NEXT: {{^}}reprojection_error({{.*}}): value {{.*}} ok{{$}}
// EXEC-NEXT: {{^}}reflect({{.*}}): value {{.*}} ok{{$}}
// EXEC-NEXT: {{^}}clamp_speed({{.*}}): value {{.*}} ok{{$}}
// EXEC-NEXT: {{^}}clamp_speed({{.*}}): value {{.*}} ok{{$}}
// EXEC-NEXT: {{^}}track_cost({{.*}}): value {{.*}} ok{{$}}
// EXEC-NEXT: {{^}}overlap_penalty({{.*}}): value {{.*}} ok{{$}}
// EXEC-NEXT: {{^}}highlight({{.*}}): value {{.*}} ok{{$}}
// EXEC-NEXT: {{^}}highlight({{.*}}): value {{.*}} ok{{$}}
// EXEC-NEXT: {{^}}transform_points({{.*}}): value {{.*}} ok{{$}}
// EXEC-NEXT: {{^}}sample_variance({{.*}}): value {{.*}} ok{{$}}
// EXEC-NEXT: {{^}}bounce({{.*}}): value {{.*}} ok{{$}}
// EXEC-NEXT: {{^}}bounce({{.*}}): value {{.*}} ok{{$}}
// EXEC-NEXT: null adjoints: ok
