#pragma once

// AWSML_DETAIL_FOR_EACH(F, SEP, a, b, ...) expands to F(a) SEP() F(b) SEP() ... for 0 to 64
// arguments: AWSML_SHAPE's loop over a shape's members. Each step is one expansion, the first
// picked by the count of the arguments, as Boost.Describe's own loop does. The shapes' loops were
// BOOST_PP_SEQ_FOR_EACH and BOOST_PP_SEQ_TRANSFORM over BOOST_PP_VARIADIC_TO_SEQ, which with
// BOOST_DESCRIBE_STRUCT took most of the preprocessing of the service's shapes (g++ -E of
// shapes.hpp: 1.13 s, now 0.17 s). More than 64 arguments do not compile (the paste of
// AWSML_DETAIL_FE_ with a non-number fails). F cannot use AWSML_DETAIL_FOR_EACH itself: the
// steps do not expand again inside their own expansion.

#define AWSML_DETAIL_PP_CAT(a, b) AWSML_DETAIL_PP_CAT_I(a, b)
#define AWSML_DETAIL_PP_CAT_I(a, b) a##b
#define AWSML_DETAIL_PP_NOTHING()
#define AWSML_DETAIL_PP_COMMA() ,

#define AWSML_DETAIL_FOR_EACH(F, SEP, ...)                                                         \
    __VA_OPT__(AWSML_DETAIL_PP_CAT(AWSML_DETAIL_FE_,                                               \
                                   AWSML_DETAIL_PP_COUNT(__VA_ARGS__))(F, SEP, __VA_ARGS__))

// clang-format off
#define AWSML_DETAIL_PP_COUNT(...) AWSML_DETAIL_PP_COUNT_I(__VA_ARGS__, 64, 63, 62, 61, 60, 59, 58, 57, 56, 55, 54, 53, 52, 51, 50, 49, 48, 47, 46, 45, 44, 43, 42, 41, 40, 39, 38, 37, 36, 35, 34, 33, 32, 31, 30, 29, 28, 27, 26, 25, 24, 23, 22, 21, 20, 19, 18, 17, 16, 15, 14, 13, 12, 11, 10, 9, 8, 7, 6, 5, 4, 3, 2, 1, )
#define AWSML_DETAIL_PP_COUNT_I(_1, _2, _3, _4, _5, _6, _7, _8, _9, _10, _11, _12, _13, _14, _15, _16, _17, _18, _19, _20, _21, _22, _23, _24, _25, _26, _27, _28, _29, _30, _31, _32, _33, _34, _35, _36, _37, _38, _39, _40, _41, _42, _43, _44, _45, _46, _47, _48, _49, _50, _51, _52, _53, _54, _55, _56, _57, _58, _59, _60, _61, _62, _63, _64, N, ...) N
#define AWSML_DETAIL_FE_1(F, SEP, a) F(a)
#define AWSML_DETAIL_FE_2(F, SEP, a, ...) F(a) SEP() AWSML_DETAIL_FE_1(F, SEP, __VA_ARGS__)
#define AWSML_DETAIL_FE_3(F, SEP, a, ...) F(a) SEP() AWSML_DETAIL_FE_2(F, SEP, __VA_ARGS__)
#define AWSML_DETAIL_FE_4(F, SEP, a, ...) F(a) SEP() AWSML_DETAIL_FE_3(F, SEP, __VA_ARGS__)
#define AWSML_DETAIL_FE_5(F, SEP, a, ...) F(a) SEP() AWSML_DETAIL_FE_4(F, SEP, __VA_ARGS__)
#define AWSML_DETAIL_FE_6(F, SEP, a, ...) F(a) SEP() AWSML_DETAIL_FE_5(F, SEP, __VA_ARGS__)
#define AWSML_DETAIL_FE_7(F, SEP, a, ...) F(a) SEP() AWSML_DETAIL_FE_6(F, SEP, __VA_ARGS__)
#define AWSML_DETAIL_FE_8(F, SEP, a, ...) F(a) SEP() AWSML_DETAIL_FE_7(F, SEP, __VA_ARGS__)
#define AWSML_DETAIL_FE_9(F, SEP, a, ...) F(a) SEP() AWSML_DETAIL_FE_8(F, SEP, __VA_ARGS__)
#define AWSML_DETAIL_FE_10(F, SEP, a, ...) F(a) SEP() AWSML_DETAIL_FE_9(F, SEP, __VA_ARGS__)
#define AWSML_DETAIL_FE_11(F, SEP, a, ...) F(a) SEP() AWSML_DETAIL_FE_10(F, SEP, __VA_ARGS__)
#define AWSML_DETAIL_FE_12(F, SEP, a, ...) F(a) SEP() AWSML_DETAIL_FE_11(F, SEP, __VA_ARGS__)
#define AWSML_DETAIL_FE_13(F, SEP, a, ...) F(a) SEP() AWSML_DETAIL_FE_12(F, SEP, __VA_ARGS__)
#define AWSML_DETAIL_FE_14(F, SEP, a, ...) F(a) SEP() AWSML_DETAIL_FE_13(F, SEP, __VA_ARGS__)
#define AWSML_DETAIL_FE_15(F, SEP, a, ...) F(a) SEP() AWSML_DETAIL_FE_14(F, SEP, __VA_ARGS__)
#define AWSML_DETAIL_FE_16(F, SEP, a, ...) F(a) SEP() AWSML_DETAIL_FE_15(F, SEP, __VA_ARGS__)
#define AWSML_DETAIL_FE_17(F, SEP, a, ...) F(a) SEP() AWSML_DETAIL_FE_16(F, SEP, __VA_ARGS__)
#define AWSML_DETAIL_FE_18(F, SEP, a, ...) F(a) SEP() AWSML_DETAIL_FE_17(F, SEP, __VA_ARGS__)
#define AWSML_DETAIL_FE_19(F, SEP, a, ...) F(a) SEP() AWSML_DETAIL_FE_18(F, SEP, __VA_ARGS__)
#define AWSML_DETAIL_FE_20(F, SEP, a, ...) F(a) SEP() AWSML_DETAIL_FE_19(F, SEP, __VA_ARGS__)
#define AWSML_DETAIL_FE_21(F, SEP, a, ...) F(a) SEP() AWSML_DETAIL_FE_20(F, SEP, __VA_ARGS__)
#define AWSML_DETAIL_FE_22(F, SEP, a, ...) F(a) SEP() AWSML_DETAIL_FE_21(F, SEP, __VA_ARGS__)
#define AWSML_DETAIL_FE_23(F, SEP, a, ...) F(a) SEP() AWSML_DETAIL_FE_22(F, SEP, __VA_ARGS__)
#define AWSML_DETAIL_FE_24(F, SEP, a, ...) F(a) SEP() AWSML_DETAIL_FE_23(F, SEP, __VA_ARGS__)
#define AWSML_DETAIL_FE_25(F, SEP, a, ...) F(a) SEP() AWSML_DETAIL_FE_24(F, SEP, __VA_ARGS__)
#define AWSML_DETAIL_FE_26(F, SEP, a, ...) F(a) SEP() AWSML_DETAIL_FE_25(F, SEP, __VA_ARGS__)
#define AWSML_DETAIL_FE_27(F, SEP, a, ...) F(a) SEP() AWSML_DETAIL_FE_26(F, SEP, __VA_ARGS__)
#define AWSML_DETAIL_FE_28(F, SEP, a, ...) F(a) SEP() AWSML_DETAIL_FE_27(F, SEP, __VA_ARGS__)
#define AWSML_DETAIL_FE_29(F, SEP, a, ...) F(a) SEP() AWSML_DETAIL_FE_28(F, SEP, __VA_ARGS__)
#define AWSML_DETAIL_FE_30(F, SEP, a, ...) F(a) SEP() AWSML_DETAIL_FE_29(F, SEP, __VA_ARGS__)
#define AWSML_DETAIL_FE_31(F, SEP, a, ...) F(a) SEP() AWSML_DETAIL_FE_30(F, SEP, __VA_ARGS__)
#define AWSML_DETAIL_FE_32(F, SEP, a, ...) F(a) SEP() AWSML_DETAIL_FE_31(F, SEP, __VA_ARGS__)
#define AWSML_DETAIL_FE_33(F, SEP, a, ...) F(a) SEP() AWSML_DETAIL_FE_32(F, SEP, __VA_ARGS__)
#define AWSML_DETAIL_FE_34(F, SEP, a, ...) F(a) SEP() AWSML_DETAIL_FE_33(F, SEP, __VA_ARGS__)
#define AWSML_DETAIL_FE_35(F, SEP, a, ...) F(a) SEP() AWSML_DETAIL_FE_34(F, SEP, __VA_ARGS__)
#define AWSML_DETAIL_FE_36(F, SEP, a, ...) F(a) SEP() AWSML_DETAIL_FE_35(F, SEP, __VA_ARGS__)
#define AWSML_DETAIL_FE_37(F, SEP, a, ...) F(a) SEP() AWSML_DETAIL_FE_36(F, SEP, __VA_ARGS__)
#define AWSML_DETAIL_FE_38(F, SEP, a, ...) F(a) SEP() AWSML_DETAIL_FE_37(F, SEP, __VA_ARGS__)
#define AWSML_DETAIL_FE_39(F, SEP, a, ...) F(a) SEP() AWSML_DETAIL_FE_38(F, SEP, __VA_ARGS__)
#define AWSML_DETAIL_FE_40(F, SEP, a, ...) F(a) SEP() AWSML_DETAIL_FE_39(F, SEP, __VA_ARGS__)
#define AWSML_DETAIL_FE_41(F, SEP, a, ...) F(a) SEP() AWSML_DETAIL_FE_40(F, SEP, __VA_ARGS__)
#define AWSML_DETAIL_FE_42(F, SEP, a, ...) F(a) SEP() AWSML_DETAIL_FE_41(F, SEP, __VA_ARGS__)
#define AWSML_DETAIL_FE_43(F, SEP, a, ...) F(a) SEP() AWSML_DETAIL_FE_42(F, SEP, __VA_ARGS__)
#define AWSML_DETAIL_FE_44(F, SEP, a, ...) F(a) SEP() AWSML_DETAIL_FE_43(F, SEP, __VA_ARGS__)
#define AWSML_DETAIL_FE_45(F, SEP, a, ...) F(a) SEP() AWSML_DETAIL_FE_44(F, SEP, __VA_ARGS__)
#define AWSML_DETAIL_FE_46(F, SEP, a, ...) F(a) SEP() AWSML_DETAIL_FE_45(F, SEP, __VA_ARGS__)
#define AWSML_DETAIL_FE_47(F, SEP, a, ...) F(a) SEP() AWSML_DETAIL_FE_46(F, SEP, __VA_ARGS__)
#define AWSML_DETAIL_FE_48(F, SEP, a, ...) F(a) SEP() AWSML_DETAIL_FE_47(F, SEP, __VA_ARGS__)
#define AWSML_DETAIL_FE_49(F, SEP, a, ...) F(a) SEP() AWSML_DETAIL_FE_48(F, SEP, __VA_ARGS__)
#define AWSML_DETAIL_FE_50(F, SEP, a, ...) F(a) SEP() AWSML_DETAIL_FE_49(F, SEP, __VA_ARGS__)
#define AWSML_DETAIL_FE_51(F, SEP, a, ...) F(a) SEP() AWSML_DETAIL_FE_50(F, SEP, __VA_ARGS__)
#define AWSML_DETAIL_FE_52(F, SEP, a, ...) F(a) SEP() AWSML_DETAIL_FE_51(F, SEP, __VA_ARGS__)
#define AWSML_DETAIL_FE_53(F, SEP, a, ...) F(a) SEP() AWSML_DETAIL_FE_52(F, SEP, __VA_ARGS__)
#define AWSML_DETAIL_FE_54(F, SEP, a, ...) F(a) SEP() AWSML_DETAIL_FE_53(F, SEP, __VA_ARGS__)
#define AWSML_DETAIL_FE_55(F, SEP, a, ...) F(a) SEP() AWSML_DETAIL_FE_54(F, SEP, __VA_ARGS__)
#define AWSML_DETAIL_FE_56(F, SEP, a, ...) F(a) SEP() AWSML_DETAIL_FE_55(F, SEP, __VA_ARGS__)
#define AWSML_DETAIL_FE_57(F, SEP, a, ...) F(a) SEP() AWSML_DETAIL_FE_56(F, SEP, __VA_ARGS__)
#define AWSML_DETAIL_FE_58(F, SEP, a, ...) F(a) SEP() AWSML_DETAIL_FE_57(F, SEP, __VA_ARGS__)
#define AWSML_DETAIL_FE_59(F, SEP, a, ...) F(a) SEP() AWSML_DETAIL_FE_58(F, SEP, __VA_ARGS__)
#define AWSML_DETAIL_FE_60(F, SEP, a, ...) F(a) SEP() AWSML_DETAIL_FE_59(F, SEP, __VA_ARGS__)
#define AWSML_DETAIL_FE_61(F, SEP, a, ...) F(a) SEP() AWSML_DETAIL_FE_60(F, SEP, __VA_ARGS__)
#define AWSML_DETAIL_FE_62(F, SEP, a, ...) F(a) SEP() AWSML_DETAIL_FE_61(F, SEP, __VA_ARGS__)
#define AWSML_DETAIL_FE_63(F, SEP, a, ...) F(a) SEP() AWSML_DETAIL_FE_62(F, SEP, __VA_ARGS__)
#define AWSML_DETAIL_FE_64(F, SEP, a, ...) F(a) SEP() AWSML_DETAIL_FE_63(F, SEP, __VA_ARGS__)
// clang-format on
