// libgit2's HTTP "Negotiate" authentication reaches the Kerberos GSSAPI through the functions it
// calls. With the third-party libraries linked statically they are gitops-render's own
// (librender/deps/gssapi_on_demand.cpp), loading the library on first use: they must behave as
// the library's. (Otherwise the library is linked and these check it directly.)
#include <gssapi/gssapi.h>
#include <gtest/gtest.h>

#include <cstring>
#include <string>

namespace {

gss_name_t import_host_based(std::string text, OM_uint32& major) {
  OM_uint32 minor = 0;
  gss_buffer_desc buffer{text.size(), text.data()};
  gss_name_t name = GSS_C_NO_NAME;
  major = gss_import_name(&minor, &buffer, GSS_C_NT_HOSTBASED_SERVICE, &name);
  return name;
}

TEST(GssapiOnDemand, ImportsAndReleasesAHostBasedServiceName) {
  OM_uint32 major = 0;
  gss_name_t name = import_host_based("HTTP@git.example.com", major);
  ASSERT_EQ(major, GSS_S_COMPLETE);
  EXPECT_NE(name, GSS_C_NO_NAME);
  OM_uint32 minor = 0;
  EXPECT_EQ(gss_release_name(&minor, &name), GSS_S_COMPLETE);
  EXPECT_EQ(name, GSS_C_NO_NAME);
}

TEST(GssapiOnDemand, TheHostBasedServiceNameTypeIsTheStandardOid) {
  const unsigned char oid[] = {0x2a, 0x86, 0x48, 0x86, 0xf7, 0x12, 0x01, 0x02, 0x01, 0x04};
  ASSERT_EQ(GSS_C_NT_HOSTBASED_SERVICE->length, sizeof oid);
  EXPECT_EQ(std::memcmp(GSS_C_NT_HOSTBASED_SERVICE->elements, oid, sizeof oid), 0);
}

TEST(GssapiOnDemand, ListsAndReleasesTheMechanisms) {
  OM_uint32 minor = 0;
  gss_OID_set mechs = GSS_C_NO_OID_SET;
  ASSERT_EQ(gss_indicate_mechs(&minor, &mechs), GSS_S_COMPLETE);
  ASSERT_NE(mechs, GSS_C_NO_OID_SET);
  EXPECT_GT(mechs->count, 0u);
  EXPECT_EQ(gss_release_oid_set(&minor, &mechs), GSS_S_COMPLETE);
}

TEST(GssapiOnDemand, DescribesAStatusCode) {
  OM_uint32 minor = 0, context = 0;
  gss_buffer_desc text{0, nullptr};
  ASSERT_EQ(
      gss_display_status(&minor, GSS_S_BAD_NAME, GSS_C_GSS_CODE, GSS_C_NO_OID, &context, &text),
      GSS_S_COMPLETE);
  std::string message(static_cast<const char*>(text.value), text.length);
  EXPECT_FALSE(message.empty());
  EXPECT_EQ(gss_release_buffer(&minor, &text), GSS_S_COMPLETE);
}

TEST(GssapiOnDemand, StartingAContextWithoutCredentialsFailsInTheLibrary) {
  // No Kerberos ticket here: the library itself refuses (its own failure, not "unavailable",
  // which is what the stand-ins answer when the library cannot be loaded).
  OM_uint32 major = 0;
  gss_name_t name = import_host_based("HTTP@git.example.com", major);
  ASSERT_EQ(major, GSS_S_COMPLETE);
  OM_uint32 minor = 0;
  gss_ctx_id_t context = GSS_C_NO_CONTEXT;
  gss_buffer_desc out{0, nullptr};
  major = gss_init_sec_context(&minor, GSS_C_NO_CREDENTIAL, &context, name, GSS_C_NO_OID, 0, 0,
                               GSS_C_NO_CHANNEL_BINDINGS, GSS_C_NO_BUFFER, nullptr, &out, nullptr,
                               nullptr);
  EXPECT_TRUE(GSS_ERROR(major));
  EXPECT_NE(major, GSS_S_UNAVAILABLE);
  gss_release_buffer(&minor, &out);
  if (context != GSS_C_NO_CONTEXT) {
    EXPECT_EQ(gss_delete_sec_context(&minor, &context, GSS_C_NO_BUFFER), GSS_S_COMPLETE);
  }
  gss_release_name(&minor, &name);
}

}  // namespace
