// The Kerberos GSSAPI functions libgit2 calls, loaded when first called.
//
// libgit2's HTTP "Negotiate" authentication uses eight functions and one constant of the GSSAPI
// library. Linked normally, that library and the six it needs are loaded at every start of
// gitops-render: about 2.5 ms and 110 page faults on the machines measured, a large share of
// rendering a small chart, for an authentication method that few remotes ask for. These
// definitions stand in for the library's. The first call loads libgssapi_krb5.so.2 and each call
// goes on to the real function; where the library cannot be loaded the calls fail with
// GSS_S_UNAVAILABLE, and libgit2 reports that the authentication failed. Built into gitops-render
// only when the third-party libraries are linked statically (RENDER_STATIC_DEPS).
#include <dlfcn.h>
#include <gssapi/gssapi.h>

namespace {

void* library() {
  static void* const handle = dlopen("libgssapi_krb5.so.2", RTLD_NOW | RTLD_LOCAL);
  return handle;
}

// The library's own definition of `name` (null when it cannot be loaded).
template <typename Function>
Function* real(const char* name) {
  void* handle = library();
  return handle == nullptr ? nullptr : reinterpret_cast<Function*>(dlsym(handle, name));
}

OM_uint32 unavailable(OM_uint32* minor_status) {
  if (minor_status != nullptr) *minor_status = 0;
  return GSS_S_UNAVAILABLE;
}

// 1.2.840.113554.1.2.1.4 (RFC 2743, 4.1): a service name such as "HTTP@host".
unsigned char host_based_service_oid[] = {0x2a, 0x86, 0x48, 0x86, 0xf7,
                                          0x12, 0x01, 0x02, 0x01, 0x04};
gss_OID_desc host_based_service = {sizeof host_based_service_oid, host_based_service_oid};

}  // namespace

extern "C" {

gss_OID GSS_C_NT_HOSTBASED_SERVICE = &host_based_service;

OM_uint32 gss_init_sec_context(OM_uint32* minor_status, gss_cred_id_t claimant_cred_handle,
                               gss_ctx_id_t* context_handle, gss_name_t target_name,
                               gss_OID mech_type, OM_uint32 req_flags, OM_uint32 time_req,
                               gss_channel_bindings_t input_chan_bindings, gss_buffer_t input_token,
                               gss_OID* actual_mech_type, gss_buffer_t output_token,
                               OM_uint32* ret_flags, OM_uint32* time_rec) {
  static auto* const f = real<decltype(gss_init_sec_context)>("gss_init_sec_context");
  if (f == nullptr) return unavailable(minor_status);
  return f(minor_status, claimant_cred_handle, context_handle, target_name, mech_type, req_flags,
           time_req, input_chan_bindings, input_token, actual_mech_type, output_token, ret_flags,
           time_rec);
}

OM_uint32 gss_delete_sec_context(OM_uint32* minor_status, gss_ctx_id_t* context_handle,
                                 gss_buffer_t output_token) {
  static auto* const f = real<decltype(gss_delete_sec_context)>("gss_delete_sec_context");
  if (f == nullptr) return unavailable(minor_status);
  return f(minor_status, context_handle, output_token);
}

OM_uint32 gss_display_status(OM_uint32* minor_status, OM_uint32 status_value, int status_type,
                             gss_OID mech_type, OM_uint32* message_context,
                             gss_buffer_t status_string) {
  static auto* const f = real<decltype(gss_display_status)>("gss_display_status");
  if (f == nullptr) return unavailable(minor_status);
  return f(minor_status, status_value, status_type, mech_type, message_context, status_string);
}

OM_uint32 gss_indicate_mechs(OM_uint32* minor_status, gss_OID_set* mech_set) {
  static auto* const f = real<decltype(gss_indicate_mechs)>("gss_indicate_mechs");
  if (f == nullptr) return unavailable(minor_status);
  return f(minor_status, mech_set);
}

OM_uint32 gss_import_name(OM_uint32* minor_status, gss_buffer_t input_name_buffer,
                          gss_OID input_name_type, gss_name_t* output_name) {
  static auto* const f = real<decltype(gss_import_name)>("gss_import_name");
  if (f == nullptr) return unavailable(minor_status);
  return f(minor_status, input_name_buffer, input_name_type, output_name);
}

OM_uint32 gss_release_name(OM_uint32* minor_status, gss_name_t* input_name) {
  static auto* const f = real<decltype(gss_release_name)>("gss_release_name");
  if (f == nullptr) return unavailable(minor_status);
  return f(minor_status, input_name);
}

OM_uint32 gss_release_buffer(OM_uint32* minor_status, gss_buffer_t buffer) {
  static auto* const f = real<decltype(gss_release_buffer)>("gss_release_buffer");
  if (f == nullptr) return unavailable(minor_status);
  return f(minor_status, buffer);
}

OM_uint32 gss_release_oid_set(OM_uint32* minor_status, gss_OID_set* set) {
  static auto* const f = real<decltype(gss_release_oid_set)>("gss_release_oid_set");
  if (f == nullptr) return unavailable(minor_status);
  return f(minor_status, set);
}

}  // extern "C"
